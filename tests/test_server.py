"""``lawnlp serve``: the page and its API, limits, bad files, escaping, downloads, and the real server under load."""

from __future__ import annotations

import io
import re
import tempfile
from concurrent.futures import ThreadPoolExecutor

import httpx
import openpyxl
import pytest
from fastapi.testclient import TestClient

import lawnlp
from lawnlp.cli import build_parser, main
from lawnlp.server import create_app

ANNUAL = ("花溪镇人民政府2023年法治政府建设工作报告\n一、主要举措和成效\n"
          "全镇组建由十二名律师组成的村居法律顾问团，为群众解答法律咨询三百余人次。\n"
          "二、存在的不足和原因\n我们的工作与群众期待相比还存在一定差距。\n"
          "三、下一年度推进法治政府建设的主要安排\n下一步，我镇将持续深化基层依法治理。")
HOSTILE = ("青石县司法局2023年法治政府建设工作报告\n一、主要举措和成效\n"
           "报告中写有<script>alert('x')</script>和<b>粗体</b>的字样，照样显示为文字。")


def _pdf(encrypted: bool = False) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if encrypted:
        writer.encrypt("a secret password")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


BAD_FILES = {
    "empty.txt": b"",
    "binary.txt": bytes(range(256)) * 4,
    "broken.pdf": b"%PDF-1.7\n1 0 obj <<",
    "broken.docx": b"PK\x03\x04 not really a zip",
    "encrypted.pdf": _pdf(encrypted=True),
    "scanned.pdf": _pdf(),
    "blank.html": b"<html><body></body></html>",
}


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(), follow_redirects=True)


def _batch(client: TestClient, files: dict[str, bytes], text: str = "") -> tuple[str, str]:
    """Upload through the page's form; the batch's address and its page."""
    response = client.post("/batches", files=[("files", (name, data)) for name, data in files.items()],
                           data={"text": text})
    assert response.status_code == 200, response.text
    assert re.fullmatch(r"/batches/[A-Za-z0-9_-]{20,}", response.url.path)
    return response.url.path, response.text


def test_health(client):
    body = client.get("/api/health").json()
    assert body["status"] == "ok" and body["version"] == lawnlp.__version__ and body["model"] == "shipped"


def test_api_analyze_files_and_text_one_report_each_in_order(client):
    files = [("files", ("gbk.txt", ANNUAL.encode("gbk"))), ("files", ("utf8.txt", HOSTILE.encode("utf-8")))]
    response = client.post("/api/analyze", files=files, data={"text": "柳河街道工作总结\n街道建成十五个社区调解室。"})
    assert response.status_code == 200
    results = response.json()
    assert [r["source"] for r in results] == ["<pasted text 1>", "gbk.txt", "utf8.txt"]  # the form's order
    assert results[1] == lawnlp.analyze(ANNUAL, source="gbk.txt").to_dict()  # GBK read as the same text
    assert results[2]["issuer"] == "青石县司法局" and results[2]["year"] == 2023
    assert all("error" not in r for r in results)


def test_api_text_only(client):
    results = client.post("/api/analyze", data={"text": ANNUAL}).json()
    assert len(results) == 1 and results[0]["issuer"] == "花溪镇人民政府" and results[0]["kind"] == "annual report"


def test_api_bad_files_give_errors_and_keep_the_good_one(client):
    files = [("files", (name, data)) for name, data in BAD_FILES.items()] + [("files", ("good.txt", ANNUAL.encode()))]
    response = client.post("/api/analyze", files=files)
    assert response.status_code == 200
    results = response.json()
    assert [r["source"] for r in results] == [*BAD_FILES, "good.txt"]
    for name, result in zip(BAD_FILES, results):
        assert set(result) == {"source", "error"}, name
        assert result["error"].startswith(name + ":"), result["error"]
        assert "lawnlp-upload" not in result["error"] and tempfile.gettempdir() not in result["error"]
    errors = {r["source"]: r["error"] for r in results[:-1]}
    assert "empty" in errors["empty.txt"] and "binary" in errors["binary.txt"]
    assert "not a readable PDF" in errors["broken.pdf"] and "not a readable .docx" in errors["broken.docx"]
    assert results[-1]["issuer"] == "花溪镇人民政府"


def test_page_bad_files_are_error_cards_beside_the_good_report(client):
    address, page = _batch(client, {**BAD_FILES, "good.txt": ANNUAL.encode()})
    cards = re.findall(r'<div class="card error"[^>]*>(.*?)</div>', page, re.S)
    assert len(cards) == len(BAD_FILES)
    assert all(any(name in card for card in cards) for name in BAD_FILES)
    assert page.count('class="open-report"') == 1 and "good.txt" in page
    assert client.get(address + "/reports/0").status_code == 200


def test_limits_are_refused_with_a_message():
    client = TestClient(create_app(max_files=2, max_bytes=2_000))
    three = [("files", (f"{i}.txt", ANNUAL.encode())) for i in range(3)]
    response = client.post("/api/analyze", files=three)
    assert response.status_code == 400 and "at most 2" in response.json()["detail"]
    large = [("files", ("large.txt", ("很长的报告。" * 400).encode()))]
    response = client.post("/api/analyze", files=large)
    assert response.status_code == 413 and "larger than the limit" in response.json()["detail"]
    page = client.post("/batches", files=large)
    assert page.status_code == 413 and 'class="card error"' in page.text and "larger than the limit" in page.text
    page = client.post("/batches", files=three)
    assert page.status_code == 400 and "at most 2" in page.text
    for empty in ({"data": {"text": "  "}}, {"files": [("files", ("", b""))]}):
        response = client.post("/api/analyze", **empty)
        assert response.status_code == 400 and "nothing to analyse" in response.json()["detail"]


def test_a_body_larger_than_its_declared_length_is_refused_while_it_streams():
    client = TestClient(create_app(max_bytes=2_000))

    def chunks():
        boundary = b"--x\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\n"
        yield boundary
        for _ in range(20):
            yield "很长的报告。".encode() * 50

    response = client.post("/api/analyze", content=chunks(),
                           headers={"Content-Type": "multipart/form-data; boundary=x"})
    assert response.status_code == 413


def test_every_text_is_escaped(client):
    name = "<img src=x onerror=alert(1)>.txt"
    address, page = _batch(client, {name: HOSTILE.encode()})
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;.txt" in page
    report = client.get(address + "/reports/0")
    assert "<script>alert" not in report.text and "<b>粗体" not in report.text
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in report.text
    assert "default-src 'self'" in report.headers["content-security-policy"]


def test_no_client_path_names_a_server_file_and_temporary_files_go(client, tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    files = [("files", ("../../../../etc/hostname", ANNUAL.encode())), ("files", ("C:\\reports\\b.docx", b"PK bad")),
             ("files", ("/etc/passwd.pdf", BAD_FILES["broken.pdf"]))]
    results = client.post("/api/analyze", files=files).json()
    assert [r["source"] for r in results] == ["hostname", "b.docx", "passwd.pdf"]
    assert results[0]["issuer"] == "花溪镇人民政府"  # the upload's text, not the server's file
    assert list(tmp_path.iterdir()) == []


def test_report_page_shows_parts_problems_quantities_and_sentences(client):
    address, page = _batch(client, {"a.txt": ANNUAL.encode()})
    assert "annual report" in page and "花溪镇人民政府" in page and "2023" in page
    report = client.get(address + "/reports/0").text
    assert re.search(r'class="part found">found: 主要举措和成效\s*— <a href="#s1">一、主要举措和成效</a>', report)
    assert 'class="part missing">missing: 党政主要负责人' in report
    assert re.search(r'<li><a href="#s\d+">我们的工作与群众期待相比还存在一定差距。</a>\s*<span class="general">general',
                     report)
    assert re.search(r'<a href="#s\d+">三百余人次</a>', report)
    sentence = lawnlp.analyze(ANNUAL).sentences[2]
    paragraph = re.search(r'<p id="s2" class="([^"]*)"[^>]*>(.*?)</p>', report, re.S)
    assert paragraph[1].split()[:3] == ["sentence", "unit-sentence", f"function-{sentence.function}"]
    assert sentence.measures and re.findall(r'<code class="measure"[^>]*>(\w+)</code>', paragraph[2]) == sentence.measures


def test_copied_text_is_shown_between_reports_of_a_batch(client):
    copied = "全镇组建由十二名律师组成的村居法律顾问团，为群众解答法律咨询三百余人次。"
    other = "柳河街道2023年法治政府建设工作报告\n一、主要举措和成效\n" + copied
    address, page = _batch(client, {"a.txt": ANNUAL.encode(), "b.txt": other.encode()})
    assert "with b.txt" in page and "with a.txt" in page
    report = client.get(address + "/reports/1").text
    assert re.search(rf'class="sentence unit-sentence function-\w+ copied"[^>]*>{copied}.*?also in\s*'
                     rf'<a href="{address}/reports/0#s2">a.txt</a>', report, re.S)


def test_json_download_is_the_report(client):
    address, _ = _batch(client, {"a.txt": ANNUAL.encode()}, text=HOSTILE)
    response = client.get(address + "/reports/0.json")  # the inputs in the form's order: here the text first
    assert response.status_code == 200 and response.headers["content-disposition"].startswith("attachment")
    assert response.json() == lawnlp.analyze(HOSTILE, source="<pasted text 1>").to_dict()
    assert client.get(address + "/reports/1.json").json() == lawnlp.analyze(ANNUAL, source="a.txt").to_dict()


def test_workbook_download_opens_with_openpyxl(client):
    address, _ = _batch(client, {"a.txt": ANNUAL.encode(), "b.txt": HOSTILE.encode(), "empty.txt": b""})
    response = client.get(address + "/review.xlsx")
    assert response.status_code == 200 and "spreadsheetml" in response.headers["content-type"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["reports", "sentences", "problems", "copied", "errors"]
    rows = list(book["reports"].iter_rows(values_only=True))
    assert [r[1] for r in rows[1:]] == ["a.txt", "b.txt"]
    assert list(book["errors"].iter_rows(values_only=True))[1][0] == "empty.txt"


def test_unknown_batches_and_reports_are_404_and_batches_are_bounded():
    client = TestClient(create_app(max_batches=2))
    addresses = [_batch(client, {f"{i}.txt": ANNUAL.encode()})[0] for i in range(3)]
    assert client.get(addresses[0]).status_code == 404  # the oldest batch was dropped
    assert all(client.get(a).status_code == 200 for a in addresses[1:])
    assert client.get(addresses[2] + "/reports/1").status_code == 404
    assert client.get(addresses[2] + "/reports/1.json").status_code == 404
    assert client.get("/batches/not-a-batch/review.xlsx").status_code == 404


def test_static_files_ship_with_the_package(client):
    assert "function-problem" in client.get("/static/lawnlp.css").text
    assert "addEventListener" in client.get("/static/sort.js").text
    assert re.findall(r'(?:href|src)="(https?:)?//', client.get("/").text) == []  # nothing from elsewhere


def test_serve_command_is_bound_to_loopback_unless_told(monkeypatch):
    args = build_parser().parse_args(["serve"])
    assert (args.host, args.port, args.model) == ("127.0.0.1", 8000, None)
    calls = []
    monkeypatch.setattr("lawnlp.server.serve", lambda *a, **k: calls.append((a, k)))
    assert main(["serve", "--port", "9001", "--max-files", "3", "--max-mb", "1"]) == 0
    assert calls == [(("127.0.0.1", 9001, None), {"max_files": 3, "max_bytes": 1024 * 1024})]


def test_serve_refuses_a_bad_model_before_serving(tmp_path, capsys):
    assert main(["serve", "--model", str(tmp_path)]) == 2
    assert "meta.json" in capsys.readouterr().err


TOWNS = ["花溪", "青石", "柳河", "桃源", "石门", "白沙", "龙泉", "金山", "凤凰", "云溪",
         "黄土", "清水", "长乐", "新安", "永和", "太平", "大庄", "红星", "梅林", "松岗"]


def test_twenty_concurrent_uploads_each_get_their_own_report(server_url):
    def upload(i: int) -> dict:
        text = (f"{TOWNS[i]}镇人民政府2023年法治政府建设工作报告\n一、主要举措和成效\n"
                f"全年调解矛盾纠纷{101 + i}起，调解成功率达到百分之九十五。")
        with httpx.Client(base_url=base, timeout=120) as http:
            response = http.post("/api/analyze", files=[("files", (f"r{i}.txt", text.encode()))])
        response.raise_for_status()
        return response.json()

    base = server_url
    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(upload, range(20), timeout=300))
    for i, [result] in enumerate(results):
        assert result["source"] == f"r{i}.txt" and result["issuer"] == f"{TOWNS[i]}镇人民政府"
        assert 101 + i in [q["value"] for q in result["quantities"]]

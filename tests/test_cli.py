import io
import json
import sys

from lawnlp.cli import main


def test_classify_jsonl_from_a_file(tmp_path, capsys):
    report = tmp_path / "r.txt"
    report.write_text("一、主要举措\n全年开展普法宣传活动8次。\n", encoding="gbk")
    assert main(["classify", "--format", "jsonl", str(report)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["text"] for r in rows] == ["一、主要举措", "全年开展普法宣传活动8次。"]
    assert rows[1]["file"] == str(report) and "publicity" in rows[1]["measures"]


def _stdin(data: bytes) -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BytesIO(data))


def test_classify_reads_stdin(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", _stdin("下一步，我局将持续推进行政复议规范化建设。".encode("utf-8")))
    assert main(["classify", "-", "--format", "csv"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("file,start,end,function")
    assert out[1].startswith("<stdin>,0,") and ",plan," in out[1]


def test_missing_file_and_binary_file_exit_2(tmp_path, capsys):
    assert main(["classify", str(tmp_path / "missing.txt")]) == 2
    assert "missing.txt: no such file" in capsys.readouterr().err
    junk = tmp_path / "junk.txt"
    junk.write_bytes(b"\x00\x01\x02\xff" * 50)
    assert main(["classify", str(junk)]) == 2
    assert "junk.txt: binary data" in capsys.readouterr().err


def test_stdin_goes_through_encoding_and_binary_detection(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", _stdin("一、主要举措\n全年开展普法宣传活动8次。\n".encode("gbk")))
    assert main(["classify", "-", "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows[1]["text"] == "全年开展普法宣传活动8次。" and rows[1]["file"] == "<stdin>"
    monkeypatch.setattr(sys, "stdin", _stdin(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))))
    assert main(["classify", "-"]) == 2
    assert "<stdin>: binary data" in capsys.readouterr().err
    monkeypatch.setattr(sys, "stdin", _stdin(b""))
    assert main(["analyze", "-"]) == 1
    assert "<stdin>: empty input" in capsys.readouterr().err


def test_utf16_file_and_late_nul_bytes(tmp_path, capsys):
    notepad = tmp_path / "notepad.txt"
    notepad.write_bytes("一、主要举措\r\n全年开展普法宣传活动8次。".encode("utf-16"))
    assert main(["classify", "--format", "jsonl", str(notepad)]) == 0
    assert "全年开展普法宣传活动8次。" in capsys.readouterr().out
    late = tmp_path / "late.txt"
    late.write_bytes("全年开展普法宣传活动8次。".encode("utf-8") * 400 + b"\x00tail")
    assert main(["classify", str(late)]) == 2
    assert "binary data" in capsys.readouterr().err

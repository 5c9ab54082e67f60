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


def test_classify_reads_stdin(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO("下一步，我局将持续推进行政复议规范化建设。"))
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

"""The command line with a refused model, a bad --out, a missing file among good ones and empty folders."""

import json

import pytest

from lawnlp.cli import main

REPORT = "一、主要举措\n全年开展普法宣传活动8次。\n"


@pytest.fixture
def two_reports(tmp_path):
    paths = []
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(REPORT, encoding="utf-8")
        paths.append(str(tmp_path / name))
    return paths


def test_analyze_with_a_refused_model_exits_2_once(tmp_path, two_reports, capsys):
    bad = tmp_path / "bad-model"
    bad.mkdir()
    (bad / "meta.json").write_text("{}", encoding="utf-8")
    assert main(["analyze", "--model", str(bad), *two_reports]) == 2
    err = capsys.readouterr().err
    assert err.count("refusing to load model") == 1 and "skipped" not in err
    assert err.startswith("lawnlp analyze: error: ")


@pytest.mark.parametrize("kind", ["file", "folder of other files"])
def test_train_refuses_an_out_that_is_no_model_directory_before_training(tmp_path, capsys, monkeypatch, kind):
    import lawnlp.training

    def never(*args, **kwargs):
        raise AssertionError("training started")

    monkeypatch.setattr(lawnlp.training, "train", never)
    out = tmp_path / "out"
    if kind == "file":
        out.write_text("notes", encoding="utf-8")
    else:
        out.mkdir()
        (out / "notes.txt").write_text("notes", encoding="utf-8")
    assert main(["train", "annotations/seeds", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"lawnlp train: error: {out}: ") and "Traceback" not in err
    assert ("is a file" if kind == "file" else "is not a lawnlp model directory") in err


def test_classify_writes_the_good_files_rows_beside_a_missing_file(tmp_path, two_reports, capsys):
    assert main(["classify", "--format", "jsonl", two_reports[0], str(tmp_path / "missing.txt"), two_reports[1]]) == 2
    captured = capsys.readouterr()
    files = [json.loads(line)["file"] for line in captured.out.splitlines()]
    assert files == [two_reports[0]] * 2 + [two_reports[1]] * 2
    assert "missing.txt: no such file" in captured.err


@pytest.mark.parametrize("command", ["classify", "analyze"])
def test_an_empty_folder_is_named_and_exits_1(tmp_path, capsys, command):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.md").write_text("not a report", encoding="utf-8")
    assert main([command, str(empty)]) == 1
    assert f"{empty}: no report files" in capsys.readouterr().err


def test_join_lines_option_joins_a_hard_wrapped_text_file(tmp_path, capsys):
    wrapped = tmp_path / "wrapped.txt"
    wrapped.write_text("一、主要举措\n全年开展普法宣传活动八次，发放宣传资料两千余份，组织集中学\n法十二次，"
                       "覆盖全体干部职工。\n二、存在的问题\n部分干部法治意识不强。", encoding="utf-8")
    assert main(["classify", "--format", "jsonl", str(wrapped)]) == 0
    plain = [json.loads(line)["text"] for line in capsys.readouterr().out.splitlines()]
    assert "法十二次，覆盖全体干部职工。" in plain  # lines are units unless asked
    assert main(["classify", "--format", "jsonl", "--join-lines", str(wrapped)]) == 0
    joined = [json.loads(line)["text"] for line in capsys.readouterr().out.splitlines()]
    assert "全年开展普法宣传活动八次，发放宣传资料两千余份，组织集中学法十二次，覆盖全体干部职工。" in joined

import pytest

import lawnlp


def test_a_batch_of_50_files_with_5_broken_ones(tmp_path, seeds):
    texts = list(seeds.values())
    good = []
    for i in range(45):
        path = tmp_path / f"report_{i:02d}.txt"
        path.write_text(texts[i % 4].split("二、")[0], encoding="gb18030" if i % 3 else "utf-8")
        good.append(path)
    broken = {
        "undecodable.txt": b"\x81\x30\xff\xfe" * 40 + b"\xff" * 10,
        "empty.txt": b"",
        "binary.txt": b"\x00\x01" * 100,
        "scanned.pdf": b"%PDF-1.4 not really a pdf",
    }
    bad = []
    for name, data in broken.items():
        (tmp_path / name).write_bytes(data)
        bad.append(tmp_path / name)
    (tmp_path / "folder.txt").mkdir()  # a path that cannot be read as a file
    bad.append(tmp_path / "folder.txt")
    inputs = good[:20] + bad + good[20:]
    with pytest.warns(UserWarning):
        df = lawnlp.analyze_many(inputs, n_process=2, progress=False)
    failures = df.attrs["failures"]
    assert sorted(f.source for f in failures) == sorted(str(p) for p in bad)
    assert all(f.error for f in failures)
    assert list(dict.fromkeys(df["source"])) == [str(p) for p in good]  # results in input order
    assert len(df.attrs["reports"]) == 45


def test_cli_analyze_reports_failures_and_exits_1(tmp_path, seeds, capsys):
    from lawnlp.cli import main

    (tmp_path / "a.txt").write_text(seeds["002_1fe5bcb0e46deceb"], encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    assert main(["analyze", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    assert "连江县敖江镇2023年法治政府建设工作报告" in captured.out
    assert "b.txt: empty file" in captured.err and "1 of 2 inputs failed" in captured.err


def test_unpaired_surrogates_keep_offsets():
    text = "一、主要举措\n全年调解\udcff纠纷9起。"
    results = lawnlp.classify(text)
    assert [r.text for r in results] == ["一、主要举措", "全年调解\udcff纠纷9起。"]
    assert all(text[r.start:r.end] == r.text for r in results)


def test_paths_and_texts_are_never_confused(tmp_path):
    with pytest.raises(TypeError, match="takes a list, got a single str"):
        lawnlp.analyze_many(str(tmp_path / "report.txt"))
    with pytest.raises(TypeError, match="takes a list"):
        lawnlp.analyze_many(texts="一、主要举措")
    missing = tmp_path / "missing.txt"
    with pytest.warns(UserWarning):
        df = lawnlp.analyze_many([missing, tmp_path], texts=["二、存在的问题\n部分干部法治意识不强。", "a/b.txt"])
    assert sorted(f.source for f in df.attrs["failures"]) == sorted([str(missing), str(tmp_path)])
    assert "FileNotFoundError" in next(f.error for f in df.attrs["failures"] if f.source == str(missing))
    assert list(dict.fromkeys(df["source"])) == ["<text 2>", "<text 3>"]  # a path-looking text is analysed as text

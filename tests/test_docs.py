"""The tutorial's code runs top to bottom; the README's Python example runs."""

import os
import re

import pytest

from conftest import ROOT, SHARED


def _blocks(path):
    return re.findall(r"```python\n(.*?)```", path.read_text(encoding="utf-8"), flags=re.S)


def test_tutorial_runs_top_to_bottom(tmp_path, monkeypatch):
    if not (SHARED / "seeds").is_dir():
        pytest.skip("the tutorial reads ../shared/seeds")
    monkeypatch.chdir(ROOT)
    figure = tmp_path / "coverage.png"
    env: dict = {}
    blocks = _blocks(ROOT / "docs" / "tutorial.md")
    assert len(blocks) >= 6
    for block in blocks:
        exec(compile(block.replace("docs/results/measure_coverage.png", str(figure)), "tutorial", "exec"), env)
    assert figure.stat().st_size > 1000
    assert len(env["reports"]) == 4


def test_readme_python_example_runs(monkeypatch):
    monkeypatch.chdir(ROOT)
    first = _blocks(ROOT / "README.md")[0]
    lines = [line.split("#")[0].rstrip() for line in first.splitlines()]
    code = "\n".join(line for line in lines
                     if line and not line.startswith(("df =", "lawnlp.plot", "lawnlp.train", "lawnlp.evaluate")))
    env: dict = {}
    exec(compile(code, "README", "exec"), env)
    assert env["r"].function == "problem"
    assert os.path.exists(ROOT / "docs" / "sample_report.txt")

"""The tutorial runs top to bottom on what the project ships and prints what it shows; the README's example runs."""

import contextlib
import hashlib
import io
import os
import re

from conftest import ROOT


def _blocks(path):
    return re.findall(r"```python\n(.*?)```", path.read_text(encoding="utf-8"), flags=re.S)


def _snapshot(*folders):
    """sha256 of every file under ``folders`` of the project, by path."""
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for folder in folders for p in (ROOT / folder).rglob("*")
            if p.is_file() and "__pycache__" not in p.parts}


def test_tutorial_runs_prints_its_outputs_and_writes_no_project_file(monkeypatch):
    monkeypatch.chdir(ROOT)
    page = (ROOT / "docs" / "tutorial.md").read_text(encoding="utf-8")
    steps = re.findall(r"```python\n(.*?)```(?:\n\n```text\n(.*?)```)?", page, flags=re.S)
    assert len(steps) >= 6 and sum(shown != "" for _, shown in steps) >= 5
    before = _snapshot("docs", "annotations", "models", "lawnlp")
    env: dict = {}
    for number, (code, shown) in enumerate(steps, 1):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(code, f"tutorial block {number}", "exec"), env)
        printed = "\n".join(line.rstrip() for line in out.getvalue().rstrip("\n").split("\n"))
        expected = "\n".join(line.rstrip() for line in shown.rstrip("\n").split("\n"))
        assert printed == expected, f"tutorial block {number} prints other output than docs/tutorial.md shows"
    assert _snapshot("docs", "annotations", "models", "lawnlp") == before
    assert env["figure"].stat().st_size > 1000 and not env["figure"].is_relative_to(ROOT)
    assert len(env["reports"]) == 4


def test_readme_python_example_runs(monkeypatch):
    monkeypatch.chdir(ROOT)
    first = _blocks(ROOT / "README.md")[0]
    lines = [line.split("#")[0].rstrip() for line in first.splitlines()]
    code = "\n".join(line for line in lines
                     if line and not line.startswith(("df =", "with lawnlp.Pool", "lawnlp.plot", "lawnlp.train",
                                                         "lawnlp.evaluate")))
    env: dict = {}
    exec(compile(code, "README", "exec"), env)
    assert env["r"].function == "problem"
    assert os.path.exists(ROOT / "docs" / "sample_report.txt")

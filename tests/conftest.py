"""Shared fixtures: the shipped pipeline (loaded once) and the ../shared material when present."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS_FILE = ROOT / "annotations" / "seeds" / "docs.jsonl"
REPORTS_FILE = SHARED / "corpora" / "reports" / "reports.jsonl"
#: The real corpora whose annotations are standoff: annotation folder -> documents file.
CORPORA = {"reports": REPORTS_FILE, "reports2": SHARED / "corpora" / "reports2" / "reports.jsonl",
           "gwr": SHARED / "corpora" / "gwr" / "reports.jsonl"}


@pytest.fixture(scope="session")
def nlp():
    import lawnlp

    return lawnlp.load()


@pytest.fixture(scope="session")
def seeds() -> dict[str, str]:
    """The four seed reports (their text is in the project's annotations)."""
    return {d["doc"]: d["text"] for d in map(json.loads, SEEDS_FILE.read_text(encoding="utf-8").splitlines())}


@pytest.fixture(scope="session")
def reports() -> dict[str, str]:
    if not REPORTS_FILE.is_file():
        pytest.skip("../shared/corpora/reports is not beside the project")
    return {d["doc"]: d["text"] for d in map(json.loads, REPORTS_FILE.read_text(encoding="utf-8").splitlines())}


@pytest.fixture(scope="session")
def corpora() -> dict[str, dict[str, str]]:
    """The texts of every real corpus, by corpus name and doc id."""
    if not all(path.is_file() for path in CORPORA.values()):
        pytest.skip("../shared/corpora is not beside the project")
    return {name: {d["doc"]: d["text"] for d in map(json.loads, path.read_text(encoding="utf-8").splitlines())}
            for name, path in CORPORA.items()}


@pytest.fixture(scope="session")
def server_url():
    """The review page (``lawnlp.server.create_app()``) served by uvicorn on a free loopback port, in a thread."""
    import socket
    import threading
    import time

    uvicorn = pytest.importorskip("uvicorn")
    from lawnlp.server import create_app

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(600):
        if server.started or not thread.is_alive():
            break
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=30)


@pytest.fixture
def fake_pdf(monkeypatch):
    """Make ``pypdf.PdfReader`` read any file as pages of the given texts: ``fake_pdf(["page 1", "page 2"])``."""
    import pypdf

    class Page:
        def __init__(self, text):
            self.text = text

        def extract_text(self):
            return self.text

    def install(pages: list[str]) -> None:
        class Reader:
            def __init__(self, path):
                self.pages = [Page(text) for text in pages]

        monkeypatch.setattr(pypdf, "PdfReader", Reader)

    return install


"""The reviewer's desk as a local web page (``lawnlp serve``): upload reports, see each one and the batch, download
the review workbook and each report as JSON; and the same analysis as a JSON API for other programs.

Batches are held in memory, the newest :data:`MAX_BATCHES` of them, each under a random token; nothing the client
sends names a file on the server, and uploads are read from temporary files removed at once.  The pipeline is
loaded once per process (``lawnlp._pipeline``) and runs one analysis at a time, in a worker thread, so the page
stays responsive while a batch is read.

>>> from fastapi.testclient import TestClient
>>> client = TestClient(create_app())
>>> client.get("/api/health").json()["status"]
'ok'
>>> [r["kind"] for r in client.post("/api/analyze", data={"text": "一、主要举措\\n全年调解纠纷90起。"}).json()]
['other']
"""

from __future__ import annotations

import json
import secrets
import tempfile
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Sequence

try:
    from fastapi import FastAPI, Request
    from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
    from fastapi.staticfiles import StaticFiles
    from fastapi.templating import Jinja2Templates
    from starlette.concurrency import run_in_threadpool
    from starlette.datastructures import UploadFile
    from starlette.exceptions import HTTPException
except ImportError:  # pragma: no cover - depends on the installed extras
    raise ImportError("lawnlp serve needs fastapi, uvicorn, jinja2 and python-multipart: "
                      "pip install 'lawnlp[serve]'") from None

from ._version import __version__
from .batch import Failure
from .borrowed import Borrowing, find_borrowed
from .io import InputError, read, read_bytes
from .report import Report
from .review import _copies_by_sentence, _evidence, report_rows, write_workbook

__all__ = ["create_app", "serve", "read_upload", "MAX_FILES", "MAX_BYTES", "MAX_BATCHES"]

#: Default limits: files in one upload, bytes of one upload (all files and text together), batches held.
MAX_FILES = 50
MAX_BYTES = 50 * 1024 * 1024
MAX_BATCHES = 20
#: File suffixes read from a temporary file (their readers take a path); anything else is read as text.
_FILE_FORMATS = {".html", ".htm", ".docx", ".pdf"}
_WEB = Path(__file__).parent / "web"
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: One analysis at a time in this process: spaCy does not promise that a pipeline is safe to share between threads.
_analysis_lock = threading.Lock()


class UploadRefused(Exception):
    """An upload refused as a whole (too large, too many files, nothing in it), with its HTTP status."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class Upload:
    """One input of an upload: a file's name (as the client gave it, for display only) and bytes, or pasted text."""

    name: str
    data: bytes | None = None
    text: str | None = None


@dataclass
class Batch:
    """The reports of one upload, the inputs that failed, the copied text between the reports, the table rows."""

    reports: list[Report]
    failures: list[Failure]
    borrowings: list[Borrowing]
    rows: list[dict]


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def _display_name(filename: str) -> str:
    """The last part of a client's file name, for display only (never used to name a file on the server)."""
    name = PurePosixPath(filename.replace("\\", "/")).name.strip()
    return name[:200] or "<unnamed file>"


def read_upload(name: str, data: bytes) -> str:
    """The text of an uploaded file, read as :func:`lawnlp.read` reads a file of that name; raises
    :class:`lawnlp.InputError` naming the upload (never the temporary file) when it cannot be read.

    >>> read_upload("a.txt", "一、主要举措".encode("gbk"))
    '一、主要举措'
    >>> read_upload("scan.pdf", b"%PDF-1.4 broken")
    Traceback (most recent call last):
    ...
    lawnlp.io.InputError: scan.pdf: not a readable PDF ...
    """
    suffix = PurePosixPath(name).suffix.lower()
    if suffix not in _FILE_FORMATS:
        return read_bytes(data, name).text
    if not data:
        raise InputError(f"{name}: empty file, no text")
    with tempfile.TemporaryDirectory(prefix="lawnlp-upload-") as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(data)
        try:
            return read(path).text
        except (OSError, ValueError) as error:
            raise InputError(str(error).replace(str(path), name)) from None


def _analyze(uploads: Sequence[Upload], model: str | Path | None) -> list[Report | Failure]:
    """Analyse each upload in turn: its report, or a :class:`Failure` that says why it could not be read."""
    from . import analyze

    outcomes: list[Report | Failure] = []
    for upload in uploads:
        try:
            text = upload.text if upload.text is not None else read_upload(upload.name, upload.data or b"")
            with _analysis_lock:
                outcomes.append(analyze(text, model=model, source=upload.name))
        except (InputError, OSError, ValueError, TypeError) as error:
            message = str(error)
            outcomes.append(Failure(upload.name, message if message.startswith(upload.name) else
                                    f"{upload.name}: {message}"))
        except Exception as error:  # one bad input must not lose the others' results
            outcomes.append(Failure(upload.name, f"{upload.name}: could not be analysed "
                                                 f"({type(error).__name__}: {error})"))
    return outcomes


def _make_batch(outcomes: Sequence[Report | Failure]) -> Batch:
    reports = [o for o in outcomes if isinstance(o, Report)]
    borrowings = find_borrowed(reports)
    return Batch(reports, [o for o in outcomes if isinstance(o, Failure)], borrowings, report_rows(reports, borrowings))


class _BatchStore:
    """The newest ``limit`` batches, by random token (the oldest is dropped when a new one comes)."""

    def __init__(self, limit: int):
        self.limit = limit
        self._batches: OrderedDict[str, Batch] = OrderedDict()
        self._lock = threading.Lock()

    def add(self, batch: Batch) -> str:
        token = secrets.token_urlsafe(16)
        with self._lock:
            self._batches[token] = batch
            while len(self._batches) > self.limit:
                self._batches.popitem(last=False)
        return token

    def get(self, token: str) -> Batch | None:
        with self._lock:
            return self._batches.get(token)


class _TooLarge(Exception):
    pass


def _bounded(request: Request, max_bytes: int) -> Request:
    """The same request, whose body raises :class:`_TooLarge` once more than ``max_bytes`` have come."""
    received = 0

    async def receive():
        nonlocal received
        message = await request.receive()
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > max_bytes:
                raise _TooLarge
        return message

    return Request(request.scope, receive)


async def _read_uploads(request: Request, max_files: int, max_bytes: int) -> list[Upload]:
    """The files (fields ``files``) and pasted texts (fields ``text``) of a form, within the limits."""
    too_large = UploadRefused(413, f"the upload is larger than the limit of {_megabytes(max_bytes)}: "
                                   "send fewer or smaller files at a time")
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > max_bytes:
        raise too_large
    uploads = []
    try:
        async with _bounded(request, max_bytes).form(max_files=max_files, max_fields=max_files + 10,
                                                      max_part_size=max_bytes) as form:
            for key, value in form.multi_items():
                if key == "files" and isinstance(value, UploadFile):
                    if value.filename:  # a form sent with no file chosen has one empty part
                        uploads.append(Upload(_display_name(value.filename), data=await value.read()))
                elif key == "text" and isinstance(value, str) and value.strip():
                    uploads.append(Upload(f"<pasted text {sum(u.text is not None for u in uploads) + 1}>", text=value))
    except _TooLarge:
        raise too_large from None
    except HTTPException as error:  # Starlette refuses a form with too many files or fields
        raise UploadRefused(400, f"too many files or fields: at most {max_files} files at a time ({error.detail})") from None
    if len(uploads) > max_files:
        raise UploadRefused(400, f"{len(uploads)} inputs in one upload: at most {max_files} at a time")
    if not uploads:
        raise UploadRefused(400, "nothing to analyse: choose or drop report files, or paste a report's text")
    return uploads


def _report_view(batch: Batch, index: int) -> dict:
    """What the report page shows of ``batch.reports[index]``."""
    report, row = batch.reports[index], batch.rows[index]
    copies = _copies_by_sentence(batch.borrowings)
    parts = [{"part": p.part, "present": p.present, "shown": p.heading or f"{p.sentences} sentences",
              "sentence": _evidence(report, p) if p.present else None} for p in report.parts]
    sentences = [{"index": i, "text": s.text, "kind": s.kind, "function": s.function,
                  "score": s.function_scores[s.function], "section": " > ".join(s.section),
                  "measures": [(m, report.schema.measure_name(m)) for m in s.measures],
                  "copies": [{"report": b.other_report, "sentence": b.other_sentence, "similarity": b.similarity,
                              "boilerplate": b.boilerplate, "shared_by": b.shared_by,
                              "source": batch.rows[b.other_report]["source"]} for b in copies.get((index, i), [])]}
                 for i, s in enumerate(report.sentences)]
    for s in sentences:
        s["copied"] = "boilerplate" if s["copies"] and all(c["boilerplate"] for c in s["copies"]) else (
            "copied" if s["copies"] else "")
    problems = [s for s in sentences if s["function"] == "problem" and s["kind"] != "heading"]
    return {"report": report, "row": row, "parts": parts, "sentences": sentences, "problems": problems,
            "quantities": report.quantities}


def _workbook_bytes(batch: Batch) -> bytes:
    with tempfile.TemporaryDirectory(prefix="lawnlp-review-") as folder:
        path = write_workbook(batch.reports, Path(folder) / "review.xlsx", batch.borrowings, failures=batch.failures)
        return path.read_bytes()


def create_app(model: str | Path | None = None, max_files: int = MAX_FILES, max_bytes: int = MAX_BYTES, *,
               max_batches: int = MAX_BATCHES) -> FastAPI:
    """The web application: pages ``/`` (upload), ``/batches/{token}`` (the table), ``…/reports/{n}`` (a report),
    ``…/review.xlsx`` and ``…/reports/{n}.json`` (downloads); API ``POST /api/analyze`` and ``GET /api/health``.

    ``model`` is loaded here, once (a refused model raises :class:`lawnlp.ModelError` before anything is served).
    An upload holds at most ``max_files`` inputs and ``max_bytes`` bytes; the newest ``max_batches`` batches are kept.
    """
    from . import _pipeline

    if max_files < 1 or max_bytes < 1 or max_batches < 1:
        raise ValueError("max_files, max_bytes and max_batches must be at least 1")
    schema = _pipeline(model).get_pipe("lawnlp_classifier").schema
    store = _BatchStore(max_batches)
    templates = Jinja2Templates(directory=str(_WEB / "templates"))
    templates.env.globals.update(function_names=schema.functions, version=__version__, max_files=max_files,
                                 max_size=_megabytes(max_bytes))
    app = FastAPI(title="lawnlp", version=__version__, docs_url=None, redoc_url=None, openapi_url=None)
    app.mount("/static", StaticFiles(directory=str(_WEB / "static")), name="static")

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = "default-src 'self'; frame-ancestors 'none'"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    def page(request: Request, name: str, status: int = 200, **context) -> HTMLResponse:
        return templates.TemplateResponse(request, name, context, status_code=status)

    def batch_or_404(request: Request, token: str, index: int | None = None):
        batch = store.get(token)
        if batch is None:
            return None, page(request, "error.html", 404, message="This batch is not held (any more): the page "
                              f"keeps the newest {max_batches} batches in memory, until it restarts. Upload the files again.")
        if index is not None and not 0 <= index < len(batch.reports):
            return None, page(request, "error.html", 404, message=f"This batch has no report {index}.")
        return batch, None

    @app.get("/", response_class=HTMLResponse)
    async def index(request: Request):
        return page(request, "index.html")

    @app.post("/batches")
    async def upload(request: Request):
        try:
            uploads = await _read_uploads(request, max_files, max_bytes)
        except UploadRefused as refused:
            return page(request, "index.html", refused.status, error=refused.message)
        outcomes = await run_in_threadpool(_analyze, uploads, model)
        token = store.add(await run_in_threadpool(_make_batch, outcomes))
        return RedirectResponse(f"/batches/{token}", status_code=303)

    @app.get("/batches/{token}", response_class=HTMLResponse)
    async def batch_view(request: Request, token: str):
        batch, missing = batch_or_404(request, token)
        return missing or page(request, "batch.html", token=token, batch=batch)

    @app.get("/batches/{token}/review.xlsx")
    async def workbook(request: Request, token: str):
        batch, missing = batch_or_404(request, token)
        if missing:
            return missing
        return Response(await run_in_threadpool(_workbook_bytes, batch), media_type=_XLSX,
                        headers={"Content-Disposition": 'attachment; filename="lawnlp-review.xlsx"'})

    @app.get("/batches/{token}/reports/{index}.json")
    async def report_json(request: Request, token: str, index: int):
        batch, missing = batch_or_404(request, token, index)
        if missing:
            return missing
        body = json.dumps(batch.reports[index].to_dict(), ensure_ascii=False, indent=1)
        return Response(body, media_type="application/json",
                        headers={"Content-Disposition": f'attachment; filename="report-{index}.json"'})

    @app.get("/batches/{token}/reports/{index}", response_class=HTMLResponse)
    async def report_view(request: Request, token: str, index: int):
        batch, missing = batch_or_404(request, token, index)
        return missing or page(request, "report.html", token=token, index=index, **_report_view(batch, index))

    @app.post("/api/analyze")
    async def api_analyze(request: Request):
        try:
            uploads = await _read_uploads(request, max_files, max_bytes)
        except UploadRefused as refused:
            return JSONResponse({"detail": refused.message}, status_code=refused.status)
        outcomes = await run_in_threadpool(_analyze, uploads, model)
        return JSONResponse([o.to_dict() if isinstance(o, Report) else {"source": o.source, "error": o.error}
                             for o in outcomes])

    @app.get("/api/health")
    async def health():
        return {"status": "ok", "version": __version__, "model": str(model) if model else "shipped",
                "max_files": max_files, "max_bytes": max_bytes}

    return app


def serve(host: str = "127.0.0.1", port: int = 8000, model: str | Path | None = None, **limits) -> None:
    """Serve :func:`create_app` with uvicorn until interrupted (``lawnlp serve``)."""
    import uvicorn

    app = create_app(model, **limits)
    print(f"lawnlp: the review page is at http://{host}:{port}/ (Ctrl+C stops it)", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")

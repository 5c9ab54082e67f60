"""Many reports at once: ``analyze_many`` survives bad files and dead workers, on processes or a Dask cluster."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import threading
import warnings
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Sequence

if TYPE_CHECKING:
    import pandas

    from .report import Report

__all__ = ["Failure", "Pool", "analyze_many", "measure_coverage", "plot_measure_coverage"]

#: One input to analyse: ``(index, path or text, is_text, model)``.
Job = tuple[int, str, bool, "str | None"]
#: What analysing a job gives: ``(index, report, failure)``, one of the last two ``None``.
Outcome = tuple[int, "Report | None", "Failure | None"]
#: What a worker sends back for a job: ``(index, the report's rows, its summary, failure)``: the rows are made
#: in the workers, so that all the parent does is put them together.
Done = tuple[int, "pandas.DataFrame | None", "dict | None", "Failure | None"]


@dataclass(frozen=True)
class Failure:
    """An input that could not be analysed, and why."""

    source: str
    error: str


def _source_name(job: Job) -> str:
    index, item, is_text, _ = job
    return f"<text {index}>" if is_text else item


def _analyze_one(job: Job) -> Outcome:
    """Analyse one input: ``(index, path or text, is_text, model)`` → ``(index, report, failure)``."""
    from . import analyze
    from .io import read

    index, item, is_text, model = job
    model = _shipped.get(model, model)
    name = _source_name(job)
    try:
        if is_text:
            return index, analyze(item, model=model, source=name), None
        source = read(item)
        return index, analyze(source.text, model=model, source=source.path), None
    except Exception as error:  # one bad input must not lose the batch
        return index, None, Failure(name, f"{type(error).__name__}: {error}")


def _analyze_chunk(worker: Callable[[Job], Outcome], jobs: Sequence[Job]) -> list[Done]:
    """Analyse ``jobs`` with ``worker``, each report turned into its rows and summary."""
    done = []
    for index, report, failure in map(worker, jobs):
        if report is None:
            done.append((index, None, None, failure))
        else:
            summary = {k: v for k, v in report.to_dict().items() if k != "sentences"}
            done.append((index, report.to_pandas(), summary, None))
    return done


def _load_model(model: str | None) -> None:
    """Load ``model`` into this process's cache (``lawnlp._pipeline``); a bad model fails each input later."""
    from . import _pipeline

    try:
        _pipeline(_shipped.get(model, model))
    except Exception:  # reported once per input, by _analyze_one, as today
        pass


def _inputs(paths: Iterable[str | Path], texts: Iterable[str]) -> list[tuple[str, bool]]:
    """``(path or text, is_text)`` of every input, checked: a bare string is never taken for a list."""
    for argument, value in (("paths", paths), ("texts", texts)):
        if isinstance(value, (str, bytes, Path)):
            raise TypeError(f"analyze_many({argument}=...) takes a list, got a single {type(value).__name__}: "
                            f"pass [{argument[:-1]}]" + (" or texts=[...] for report text" if argument == "paths" else ""))
    items = [(str(p), False) for p in paths] + [(t, True) for t in texts]
    for item, is_text in items:
        if is_text and not isinstance(item, str):
            raise TypeError(f"texts must be str, got {type(item).__name__}")
    return items


def _jobs(paths: Iterable[str | Path], texts: Iterable[str], model: str | Path | None) -> list[Job]:
    model = None if model is None else str(model)
    return [(i, item, is_text, model) for i, (item, is_text) in enumerate(_inputs(paths, texts))]


def _chunks(jobs: Sequence[Job], workers: int) -> list[list[Job]]:
    """Jobs in chunks small enough that every worker stays busy to the end (about 8 chunks per worker, at
    most 8 inputs each: a chunk lost with a dead worker is retried input by input)."""
    size = max(1, min(8, len(jobs) // (workers * 8)))
    return [list(jobs[i:i + size]) for i in range(0, len(jobs), size)]


def _failed(job: Job, error: str) -> Done:
    return job[0], None, None, Failure(_source_name(job), error)


def _died(job: Job, cause: str) -> Done:
    return _failed(job, f"WorkerDied: the worker process died while analysing this input ({cause}); "
                        "the other inputs were analysed")


def _exit_codes(error: BaseException) -> str:
    """What is known of a dead worker: loky's exit codes, e.g. ``SIGKILL(-9)`` (often out of memory), or Dask's
    ``KilledWorker``."""
    found = re.search(r"exit codes of the workers are \{(.*?)\}", str(error))
    return f"{found.group(1) if found else type(error).__name__}: killed, out of memory or crashed"


def _settle(chunks: Iterable[Sequence[Job]], submit: Callable, wait_first: Callable, deaths: tuple[type, ...],
            restart: Callable[[], None], in_flight: int) -> Iterator[Done]:
    """Outcomes of every job, as they are done, whatever happens to the workers.

    At most ``in_flight`` chunks are out at a time.  A chunk whose worker died (an error in ``deaths``) is
    retried input by input, one at a time on fresh workers (``restart``), so that only the input that kills a
    worker fails; any other error of the machinery becomes a failure of that chunk's inputs.
    """
    pending, running, suspects = deque(chunks), {}, []
    try:
        while pending or running:
            while pending and len(running) < in_flight:
                chunk = pending.popleft()
                running[submit(chunk)] = chunk
            done = {future: _result(future, running[future], deaths) for future in wait_first(list(running))}
            if any(outcomes is None for outcomes in done.values()):  # the other chunks out share the dead pool:
                done.update((f, _result(f, c, deaths)) for f, c in running.items() if f not in done)  # let them settle
                restart()  # and start afresh
            for future, outcomes in done.items():
                chunk = running.pop(future)
                if outcomes is None:
                    suspects.extend(chunk)
                else:
                    yield from outcomes
    finally:  # interrupted (Ctrl-C, an error in the caller): leave no work behind in a kept pool
        for future in running:
            future.cancel()
    for job in suspects:
        future = submit([job])
        outcomes = _result(future, [job], deaths)
        if outcomes is None:
            yield _died(job, _exit_codes(future.exception()))
            restart()
        else:
            yield from outcomes


def _result(future, chunk: Sequence[Job], deaths: tuple[type, ...]) -> list[Done] | None:
    """The outcomes of a chunk (waiting for them), ``None`` if its worker died; any other error of the
    machinery (e.g. a result that cannot be sent back) becomes a failure of each of the chunk's inputs."""
    try:
        return list(future.result())
    except deaths:
        return None
    except Exception as error:
        return [_failed(job, f"{type(error).__name__}: {error}") for job in chunk]


class Pool:
    """Worker processes that each load the model once and analyse batch after batch.

    ``with lawnlp.Pool(2) as pool: df = pool.analyze_many(paths)`` gives what :func:`analyze_many` gives, and
    later calls on the same pool reuse its warm workers.  Workers are started by loky (joblib's process pool),
    which never re-runs your script in them, so a script needs no ``if __name__ == "__main__":`` guard (it
    does no harm).  A worker that dies (killed, out of memory) costs only the input it held: that input is
    listed in ``df.attrs["failures"]`` (``WorkerDied: ...``) and the others are analysed on fresh workers.
    ``idle_timeout`` (seconds): workers idle that long exit, and start again when work comes.  One batch
    runs at a time on a pool (calls from several threads wait their turn).

    >>> with Pool(2) as pool:
    ...     df = pool.analyze_many(texts=["一、主要举措\\n全年调解纠纷9起。", "二、存在的问题\\n部分干部法治意识不强。"])
    >>> list(df["function"])
    ['achievement', 'achievement', 'problem', 'problem']
    """

    def __init__(self, n_process: int = 2, model: str | Path | None = None, *, idle_timeout: float | None = None,
                 _worker: Callable[[Job], Outcome] = _analyze_one):
        if not isinstance(n_process, int) or n_process < 1:
            raise ValueError(f"n_process must be a whole number ≥ 1, got {n_process!r}")
        self.n_process = n_process
        self.model = None if model is None else str(model)
        self.idle_timeout = idle_timeout
        self._worker = _worker  # what a worker does with one input; tests pass one that dies
        self._executor = None
        self._closed = False
        self._lock = threading.Lock()  # one batch at a time: a dead worker's restart must not cut another's

    def __enter__(self) -> "Pool":
        self._start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.close(kill=exc_info[0] is not None)

    def close(self, kill: bool = False) -> None:
        """Stop the workers (``kill``: at once, without waiting for work under way)."""
        if self._executor is not None:
            self._executor.shutdown(wait=True, kill_workers=kill)
            self._executor = None
        self._closed = True

    def _start(self) -> None:
        """Start the workers and wait until each has loaded the model."""
        from concurrent.futures import wait

        from joblib.externals.loky import ProcessPoolExecutor

        if self._closed:
            raise RuntimeError("this lawnlp.Pool is closed: start a new one")
        self._executor = ProcessPoolExecutor(self.n_process, timeout=self.idle_timeout, initializer=_load_model,
                                             initargs=(self.model,))
        wait([self._executor.submit(_load_model, self.model) for _ in range(self.n_process)])

    def _restart(self) -> None:
        self._executor.shutdown(wait=False, kill_workers=True)
        self._start()

    def analyze_many(self, paths: Iterable[str | Path] = (), *, texts: Iterable[str] = (),
                     progress: bool | None = None) -> "pandas.DataFrame":
        """:func:`analyze_many` on this pool's workers (and its model)."""
        return self._analyze(_jobs(paths, texts, self.model), progress)

    def _analyze(self, jobs: Sequence[Job], progress: bool | None) -> "pandas.DataFrame":
        with self._lock:
            if self._executor is None:
                self._start()
            return _frame(_progress(self._outcomes(jobs), len(jobs), _show(progress, jobs)), len(jobs))

    def _outcomes(self, jobs: Sequence[Job]) -> Iterator[Done]:
        from concurrent.futures import FIRST_COMPLETED, wait

        from joblib.externals.loky.process_executor import BrokenProcessPool

        def submit(chunk):
            return self._executor.submit(_analyze_chunk, self._worker, chunk)

        return _settle(_chunks(jobs, self.n_process), submit, lambda fs: wait(fs, return_when=FIRST_COMPLETED).done,
                       (BrokenProcessPool,), self._restart, in_flight=2 * self.n_process)


#: On a Dask worker: the model directories shipped to it, from the client's path to where it was unpacked here.
_shipped: dict[str | None, str] = {}


def _unpack_model(model: str, archive: bytes) -> str:
    """On a Dask worker: unpack the model directory ``model`` sent as a zip, once per machine, and load it."""
    import io
    import tempfile
    import zipfile

    target = Path(tempfile.gettempdir()) / "lawnlp-models" / hashlib.sha256(archive).hexdigest()[:16]
    if not target.is_dir():
        partial = target.with_name(f"{target.name}.{os.getpid()}.part")
        with zipfile.ZipFile(io.BytesIO(archive)) as files:
            files.extractall(partial)
        try:
            partial.rename(target)
        except OSError:  # another worker on this machine unpacked it first
            shutil.rmtree(partial, ignore_errors=True)
    _shipped[model] = str(target)
    _load_model(model)
    return str(target)


def _ship_model(client, model: str | None, ship: bool | None) -> None:
    """Send the model directory to the workers that cannot read it at ``model`` (all of them if ``ship``)."""
    import io
    import zipfile

    if model is None or ship is False or not Path(model).is_dir():
        return  # the shipped model is installed with lawnlp; a path only the workers know is theirs to read
    lacking = [worker for worker, found in client.run(os.path.isdir, model).items() if ship or not found]
    if lacking:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as files:
            for path in sorted(Path(model).rglob("*")):
                if path.is_file():
                    files.write(path, path.relative_to(model).as_posix())
        client.run(_unpack_model, model, buffer.getvalue(), workers=lacking)


def _dask_outcomes(client, jobs: Sequence[Job], worker: Callable[[Job], Outcome] = _analyze_one) -> Iterator[Done]:
    """Outcomes of ``jobs`` run on a Dask cluster: each worker process loads the model once (its cache)."""
    from distributed import KilledWorker, wait

    if jobs:
        client.run(_load_model, jobs[0][3])  # every worker loads the model now, side by side
    threads = max(1, sum(client.nthreads().values()))

    def submit(chunk):
        return client.submit(_analyze_chunk, worker, chunk, pure=False)

    return _settle(_chunks(jobs, threads), submit, lambda fs: wait(fs, return_when="FIRST_COMPLETED").done,
                   (KilledWorker,), lambda: None, in_flight=4 * threads)


def analyze_many(paths: Iterable[str | Path] = (), *, texts: Iterable[str] = (), model: str | Path | None = None,
                 n_process: int = 1, client=None, ship_model: bool | None = None,
                 progress: bool | None = None) -> "pandas.DataFrame":
    """Analyse many reports, files (``paths``) and report texts (``texts``), into one DataFrame, a row per sentence.

    A path is always read as a file (a missing one is a failure, never analysed as text); a text is always
    analysed as text, its source ``<text N>`` (N counts all inputs, paths first).  Inputs that fail
    (missing, undecodable, empty PDF, a directory, one whose worker died) are skipped with a warning; they are
    listed in ``df.attrs["failures"]``, each report's summary in ``df.attrs["reports"]`` and the model's measure
    ids in ``df.attrs["measures"]`` (its schema's, in order).  Rows keep the
    input order.  A progress bar is shown for more than 20 inputs (``progress`` forces it on or off).

    ``n_process > 1`` runs the work on a :class:`Pool` of that many processes, started on the first such call
    (a few seconds: each worker loads the model) and kept for the next calls with the same ``n_process`` and
    ``model``; its workers exit after five idle minutes (and start again when needed), and with the program.
    For a pool whose life you decide, use ``with lawnlp.Pool(k) as pool: pool.analyze_many(...)``.  No
    ``if __name__ == "__main__":`` guard is needed (see :class:`Pool`).

    ``client`` (a ``dask.distributed.Client``; ``pip install "lawnlp[dask]"``) runs the work on its cluster's
    workers instead, each loading the model once.  Paths must be readable on the workers (a shared file
    system), or pass texts.  A ``model`` directory is sent to the workers that cannot read it at the same
    path (``ship_model=True``: to all of them; ``False``: to none).  See docs/scale.md.

    >>> df = analyze_many(texts=["一、主要举措\\n全年调解纠纷9起。", "二、存在的问题\\n部分干部法治意识不强。"])
    >>> df[["source", "function"]].values.tolist()
    [['<text 0>', 'achievement'], ['<text 0>', 'achievement'], ['<text 1>', 'problem'], ['<text 1>', 'problem']]
    """
    if client is not None:
        jobs = _jobs(paths, texts, None if model is None else Path(model).absolute())
        _ship_model(client, jobs[0][3] if jobs else None, ship_model)
        return _frame(_progress(_dask_outcomes(client, jobs), len(jobs), _show(progress, jobs)), len(jobs))
    jobs = _jobs(paths, texts, model)  # checked before any process starts
    if n_process > 1 and len(jobs) > 1:
        return _shared_pool(n_process, jobs[0][3])._analyze(jobs, progress)
    done = (piece for job in jobs for piece in _analyze_chunk(_analyze_one, [job]))
    return _frame(_progress(done, len(jobs), _show(progress, jobs)), len(jobs))


#: The pool ``analyze_many(n_process=k)`` keeps between calls, and the seconds its idle workers live on.
_shared: dict[tuple[int, str | None], Pool] = {}
_shared_lock = threading.Lock()
SHARED_POOL_IDLE_TIMEOUT = 300


def _shared_pool(n_process: int, model: str | None) -> Pool:
    """The kept pool of ``n_process`` workers with ``model``, started if need be (one kept pool at a time)."""
    with _shared_lock:
        if (n_process, model) not in _shared:
            for other in _shared.values():
                with other._lock:  # after the batch it may be running in another thread
                    other.close()
            _shared.clear()
            _shared[n_process, model] = Pool(n_process, model, idle_timeout=SHARED_POOL_IDLE_TIMEOUT)
        return _shared[n_process, model]


def _show(progress: bool | None, jobs: Sequence[Job]) -> bool:
    return progress if progress is not None else len(jobs) > 20


def _frame(done: Iterable[Done], total: int) -> "pandas.DataFrame":
    """The DataFrame of the reports in input order, with the failures and report summaries in ``attrs``."""
    import pandas as pd

    frames: list = [None] * total
    summaries: list = [None] * total
    failures: dict[int, Failure] = {}
    for index, frame, summary, failure in done:
        if failure:
            failures[index] = failure
        else:
            frames[index], summaries[index] = frame, summary
    failures_in_order = [failures[i] for i in sorted(failures)]
    for failure in failures_in_order:
        warnings.warn(f"skipped {failure.source}: {failure.error}", UserWarning, stacklevel=3)
    frames = [f for f in frames if f is not None]
    df = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    df.attrs["measures"] = frames[0].attrs.get("measures") if frames else None
    df.attrs["failures"] = failures_in_order
    df.attrs["reports"] = [s for s in summaries if s is not None]
    return df


def _progress(iterator, total: int, show: bool):
    if not show:
        return iterator
    try:
        from tqdm.auto import tqdm
    except ImportError:  # tqdm is optional
        return iterator
    return tqdm(iterator, total=total, desc="lawnlp", unit="report")


def measure_coverage(df: "pandas.DataFrame") -> "pandas.DataFrame":
    """Share of each report's labelled sentences that carry each measure (reports × measures): the measures of the
    model that labelled them (``df.attrs["measures"]``, as :func:`analyze_many` sets it; else ``labels.md``'s)."""
    import pandas as pd

    from .labels import MEASURES

    body = df[(df["function"] != "other") & (df["unit_kind"] != "heading")]
    names = body["source"].map(lambda s: Path(str(s)).stem)
    table = {m: body.groupby(names)["measures"].apply(lambda col, m=m: sum(m in x for x in col) / max(len(col), 1))
             for m in df.attrs.get("measures") or MEASURES}
    return pd.DataFrame(table).rename_axis("report")


def plot_measure_coverage(df: "pandas.DataFrame", ax=None):
    """Heat map of :func:`measure_coverage` across reports (matplotlib); returns the axes.

    >>> import matplotlib; matplotlib.use("Agg")
    >>> ax = plot_measure_coverage(analyze_many(texts=["一、主要举措\\n全年调解纠纷9起。"]))
    >>> ax.get_title()
    'Measures across reports'
    """
    try:
        import matplotlib.pyplot as plt
    except ImportError:
        raise ImportError("plot_measure_coverage needs matplotlib: pip install 'lawnlp[plot]'") from None

    table = measure_coverage(df)
    if ax is None:
        _, ax = plt.subplots(figsize=(1 + 0.55 * len(table.columns), 1 + 0.35 * len(table)))
    image = ax.imshow(table.values, cmap="Blues", vmin=0, aspect="auto")
    ax.set_xticks(range(len(table.columns)), table.columns, rotation=60, ha="right")
    ax.set_yticks(range(len(table.index)), table.index)
    ax.figure.colorbar(image, ax=ax, label="share of sentences")
    ax.set_title("Measures across reports")
    return ax

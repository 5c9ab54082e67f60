"""Many reports at once: ``analyze_many`` survives bad files and can use several processes."""

from __future__ import annotations

import multiprocessing
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Sequence

if TYPE_CHECKING:
    import pandas

__all__ = ["Failure", "analyze_many", "measure_coverage", "plot_measure_coverage"]


@dataclass(frozen=True)
class Failure:
    """An input that could not be analysed, and why."""

    source: str
    error: str


def _analyze_one(job: tuple[int, str, bool, str | None]):
    """Analyse one input: ``(index, path or text, is_text, model)`` → ``(index, report, failure)``."""
    from . import analyze
    from .io import read

    index, item, is_text, model = job
    name = f"<text {index}>" if is_text else item
    try:
        if is_text:
            return index, analyze(item, model=model, source=name), None
        source = read(item)
        return index, analyze(source.text, model=model, source=source.path), None
    except Exception as error:  # one bad input must not lose the batch
        return index, None, Failure(name, f"{type(error).__name__}: {error}")


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


def analyze_many(paths: Iterable[str | Path] = (), *, texts: Iterable[str] = (), model: str | Path | None = None,
                 n_process: int = 1, progress: bool | None = None) -> "pandas.DataFrame":
    """Analyse many reports, files (``paths``) and report texts (``texts``), into one DataFrame, a row per sentence.

    A path is always read as a file (a missing one is a failure, never analysed as text); a text is always
    analysed as text, its source ``<text N>`` (N counts all inputs, paths first).  Inputs that fail
    (missing, undecodable, empty PDF, a directory) are skipped with a warning; they are listed in
    ``df.attrs["failures"]`` and each report's summary in ``df.attrs["reports"]``.  Rows keep the input
    order.  A progress bar is shown for more than 20 inputs (``progress`` forces it on or off).  With
    ``n_process > 1`` the work runs in spawned processes: call it from under ``if __name__ == "__main__":``
    in a script.

    >>> df = analyze_many(texts=["一、主要举措\\n全年调解纠纷9起。", "二、存在的问题\\n部分干部法治意识不强。"])
    >>> df[["source", "function"]].values.tolist()
    [['<text 0>', 'achievement'], ['<text 0>', 'achievement'], ['<text 1>', 'problem'], ['<text 1>', 'problem']]
    """
    import pandas as pd

    jobs = [(i, item, is_text, None if model is None else str(model))
            for i, (item, is_text) in enumerate(_inputs(paths, texts))]
    show = progress if progress is not None else len(jobs) > 20
    results: list = [None] * len(jobs)
    failures: list[Failure] = []
    if n_process > 1 and len(jobs) > 1:
        with multiprocessing.get_context("spawn").Pool(n_process) as pool:
            iterator = pool.imap(_analyze_one, jobs, chunksize=max(1, len(jobs) // (n_process * 8)))
            outcomes = list(_progress(iterator, len(jobs), show))
    else:
        outcomes = list(_progress(map(_analyze_one, jobs), len(jobs), show))
    for index, report, failure in outcomes:
        if failure:
            failures.append(failure)
        else:
            results[index] = report
    for failure in failures:
        warnings.warn(f"skipped {failure.source}: {failure.error}", UserWarning, stacklevel=2)
    reports = [r for r in results if r is not None]
    frames = [r.to_pandas() for r in reports]
    df = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    df.attrs["failures"] = failures
    df.attrs["reports"] = [{k: v for k, v in r.to_dict().items() if k != "sentences"} for r in reports]
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
    """Share of each report's labelled sentences that carry each measure (reports × measures)."""
    import pandas as pd

    from .labels import MEASURES

    body = df[(df["function"] != "other") & (df["unit_kind"] != "heading")]
    names = body["source"].map(lambda s: Path(str(s)).stem)
    table = {m: body.groupby(names)["measures"].apply(lambda col, m=m: sum(m in x for x in col) / max(len(col), 1))
             for m in MEASURES}
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

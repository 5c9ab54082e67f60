"""Reading reports from files: .txt (UTF-8 or GB18030, detected), .html, .docx and .pdf."""

from __future__ import annotations

import importlib
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .sections import heading_marker

__all__ = ["read_bytes", "Source", "read", "InputError", "join_wrapped_lines", "remove_page_furniture"]


class InputError(ValueError):
    """A file that cannot be read as a report; the message names the file and the problem."""


@dataclass(frozen=True)
class Source:
    """Text read from a file, and where and how it was read."""

    text: str
    path: str
    format: str
    encoding: str | None = None


def _decode(data: bytes, path: Path | str) -> tuple[str, str]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with its byte-order mark (Notepad's "Unicode")
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise InputError(f"{path}: marked as UTF-16 but not valid UTF-16 text") from None
    if b"\x00" in data:
        raise InputError(f"{path}: binary data (NUL bytes), not a text file")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        readable = sum(ch.isprintable() or ch.isspace() for ch in text)
        if text and readable / len(text) < 0.95:
            continue
        return text, "utf-8" if encoding == "utf-8-sig" else encoding
    raise InputError(f"{path}: not UTF-8 or GBK/GB18030 text")


def _optional(module: str, package: str, fmt: str, path: Path):
    """Import a module of the ``formats`` extra, or say which package reading ``path`` as ``fmt`` needs."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise InputError(f"{path}: reading {fmt} needs {package}: pip install 'lawnlp[formats]'") from None


def _read_html(data: bytes, path: Path) -> str:
    trafilatura = _optional("trafilatura", "trafilatura", ".html", path)
    html, _ = _decode(data, path)
    text = trafilatura.extract(html, include_comments=False, include_tables=True, favor_recall=True)
    if not text:
        raise InputError(f"{path}: no main text found in the HTML page")
    return text


def _read_docx(path: Path) -> str:
    docx = _optional("docx", "python-docx", ".docx", path)
    try:
        document = docx.Document(str(path))
    except Exception as error:  # python-docx raises several kinds for a damaged file
        raise InputError(f"{path}: not a readable .docx file ({type(error).__name__})") from None
    return "\n".join(_docx_lines(document))


def _docx_lines(document) -> list[str]:
    """The document's paragraphs and table rows in order; a row's cells are joined by a tab (merged cells once)."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    lines = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Table):
            for row in block.rows:
                cells = [cell.text.strip() for cell in row.cells]
                lines.append("\t".join(c for i, c in enumerate(cells) if c and (i == 0 or c != cells[i - 1])))
    return lines


def _read_pdf(path: Path) -> str:
    pypdf = _optional("pypdf", "pypdf", ".pdf", path)
    try:
        reader = pypdf.PdfReader(str(path))
        pages = [page.extract_text() or "" for page in reader.pages]
    except Exception as error:  # pypdf raises many kinds for damaged files
        raise InputError(f"{path}: not a readable PDF ({type(error).__name__}: {error})") from None
    if not any(page.strip() for page in pages):
        raise InputError(f"{path}: the PDF has no text layer (scanned?); run OCR first")
    return join_wrapped_lines(remove_page_furniture(pages))


_SENTENCE_END = re.compile(r"[。！？；：!?;:…]+[”’」』）)】〕\"']*$")
_CLAUSE_MARK = re.compile(r"[，、,；]")
_INNER_STOP = re.compile(r"[。！？；][^”’」』）)】〕\"']")
_PAGE_NUMBER = re.compile(r"^[-—–－·•\s]*(?:第\s*)?\d+\s*(?:页)?\s*(?:[/／]?\s*共\s*\d+\s*页|[/／]\s*\d+)?[-—–－·•\s]*$")
#: A line at least this share of the text's full line width is taken as wrapped when its sentence goes on.
FULL_LINE_SHARE = 0.8


def remove_page_furniture(pages: list[str]) -> str:
    r"""Join a PDF's pages into one text without page numbers and running headers or footers.

    A page number (``- 2 -``, ``第 2 页 共 3 页``, ``第2页/共3页``, ``·2·``,
    ``2/3``) is dropped where it is among a page's first or last two lines; a
    line there that recurs so on at least half the pages (and two) is a
    running header or footer: it is kept where it first stands and dropped
    elsewhere.  A sentence cut by the page break is then one line away from
    its end, for :func:`join_wrapped_lines`.

    >>> remove_page_furniture(["某县工作报告\n一、主要举措\n全年开展普法\n第 1 页 共 2 页",
    ...                        "某县工作报告\n宣传活动8次。\n第2页/共2页"])
    '某县工作报告\n一、主要举措\n全年开展普法\n宣传活动8次。'
    """
    pages_lines = [page.split("\n") for page in pages]
    edges = [_edge_lines(lines) for lines in pages_lines]
    counts = Counter(body for page, edge in zip(pages_lines, edges) for body in {page[i].strip() for i in edge})
    repeated = {body for body, count in counts.items() if body and count >= max(2, len(pages) / 2)}
    seen: set[str] = set()
    kept = []
    for lines, edge in zip(pages_lines, edges):
        for i, line in enumerate(lines):
            body = line.strip()
            if i in edge and body and (_PAGE_NUMBER.match(body) or (body in repeated and body in seen)):
                continue
            seen.add(body)
            kept.append(line)
    return "\n".join(kept)


def _edge_lines(lines: list[str]) -> set[int]:
    """Indices of a page's first two and last two non-blank lines."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    return set(filled[:2] + filled[-2:])


def join_wrapped_lines(text: str) -> str:
    r"""Join the lines of a paragraph that a PDF's text layer broke at the page width.

    A line is joined to the next when it is nearly as long as the text's full
    lines (the 90th percentile of line lengths), reads as prose (full width,
    or holds a ，、 or a 。 inside and is no heading: a numbered line with a 。
    inside or a ， at its end is a paragraph), does not end a sentence (。！？；：
    and closing quotes), and the next line is not blank, a page number or a
    new heading or item (``二、``, ``（三）``, ``二是``).  Titles, headings,
    dates, page numbers and the short last lines of paragraphs stay on lines
    of their own.  Lines are joined with nothing between them, as Chinese is
    written.

    >>> join_wrapped_lines("二、存在的问题\n部分单位对法治建设重视不够，学法\n用法氛围不浓。\n三、下一步计划")
    '二、存在的问题\n部分单位对法治建设重视不够，学法用法氛围不浓。\n三、下一步计划'
    """
    lines = text.split("\n")
    widths = sorted(len(line.strip()) for line in lines if line.strip())
    if len(widths) < 2:
        return text
    full = widths[min(len(widths) - 1, int(len(widths) * 0.9))]
    parts = [lines[0]]
    for line, following in zip(lines, lines[1:]):
        body, start = line.strip(), following.strip()
        # A title or a date has no ，、; a heading is shorter than a full line, with no 。 inside nor ， at its end
        # (a numbered paragraph has: "1.加强组织领导。年初召开……", "2.强化学法培训，全年组织集中学法12次，").
        heading = heading_marker(body) not in (None, "item") and not _INNER_STOP.search(body) \
            and not body.endswith(("，", "、", ","))
        prose = len(body) >= full or (not heading and (_CLAUSE_MARK.search(body) or _INNER_STOP.search(body)))
        wrapped = (len(body) >= FULL_LINE_SHARE * full and prose and not _SENTENCE_END.search(body) and start
                   and heading_marker(start) is None and not _PAGE_NUMBER.match(start))
        if wrapped:
            parts[-1] = parts[-1].rstrip()
            parts.append(following.lstrip())
        else:
            parts += ["\n", following]
    return "".join(parts)


def read(path: str | Path, *, join_lines: bool = False) -> Source:
    """Read a report file into text.

    The format comes from the file's suffix: ``.html``/``.htm`` (main text
    kept, page boilerplate removed by trafilatura), ``.docx`` (paragraphs and
    table rows), ``.pdf`` (text layer, page numbers and running headers
    removed, wrapped lines joined), anything else as text in UTF-8, UTF-16
    (with its byte-order mark) or GB18030 (GBK), detected.  ``join_lines``
    joins a text file's lines the way a PDF's are (:func:`join_wrapped_lines`):
    for text broken at a fixed width (copied from a PDF, or wrapped by an
    editor); leave it off for text whose lines are paragraphs.

    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile("wb", suffix=".txt", delete=False) as f:
    ...     _ = f.write("一、主要举措".encode("gbk"))
    >>> source = read(f.name); os.unlink(f.name)
    >>> source.text, source.encoding
    ('一、主要举措', 'gb18030')
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file")
    if path.is_dir():
        raise IsADirectoryError(f"{path}: is a directory, not a report file")
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return Source(_read_docx(path), str(path), "docx")
    if suffix == ".pdf":
        return Source(_read_pdf(path), str(path), "pdf")
    data = path.read_bytes()
    if suffix in (".html", ".htm"):
        return Source(_read_html(data, path), str(path), "html")
    source = read_bytes(data, str(path))
    if join_lines:
        return Source(join_wrapped_lines(source.text), source.path, source.format, source.encoding)
    return source


def read_bytes(data: bytes, name: str = "<stdin>") -> Source:
    """Read text from bytes (standard input, an upload) with the same checks as a text file.

    >>> read_bytes("一、主要举措".encode("gbk")).encoding
    'gb18030'
    """
    if not data.strip():
        raise InputError(f"{name}: empty {'input' if name.startswith('<') else 'file'}, no text")
    text, encoding = _decode(data, name)
    return Source(text, name, "text", encoding)

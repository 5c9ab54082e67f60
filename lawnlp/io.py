"""Reading reports from files: .txt (UTF-8 or GB18030, detected), .html, .docx and .pdf."""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from pathlib import Path

from .sections import heading_marker

__all__ = ["read_bytes", "Source", "read", "InputError", "join_wrapped_lines"]


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
    return "\n".join(paragraph.text for paragraph in document.paragraphs)


def _read_pdf(path: Path) -> str:
    pypdf = _optional("pypdf", "pypdf", ".pdf", path)
    try:
        reader = pypdf.PdfReader(str(path))
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
    except Exception as error:  # pypdf raises many kinds for damaged files
        raise InputError(f"{path}: not a readable PDF ({type(error).__name__}: {error})") from None
    if not text.strip():
        raise InputError(f"{path}: the PDF has no text layer (scanned?); run OCR first")
    return join_wrapped_lines(text)


_SENTENCE_END = re.compile(r"[。！？；：!?;:…]+[”’」』）)】〕\"']*$")
_CLAUSE_MARK = re.compile(r"[，、,；]")
_PAGE_NUMBER = re.compile(r"^[-—–－\s]*(?:第\s*)?\d+\s*(?:页|/\s*\d+)?[-—–－\s]*$")
#: A line at least this share of the text's full line width is taken as wrapped when its sentence goes on.
FULL_LINE_SHARE = 0.8


def join_wrapped_lines(text: str) -> str:
    r"""Join the lines of a paragraph that a PDF's text layer broke at the page width.

    A line is joined to the next when it is nearly as long as the text's full
    lines (the 90th percentile of line lengths), reads as prose (full width,
    or holds a ，or 、 and is no heading), does not end a sentence (。！？；：
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
        # A title or a date has no ，、; a heading is shorter than a full line.
        prose = len(body) >= full or (_CLAUSE_MARK.search(body) and heading_marker(body) in (None, "item"))
        wrapped = (len(body) >= FULL_LINE_SHARE * full and prose and not _SENTENCE_END.search(body) and start
                   and heading_marker(start) is None and not _PAGE_NUMBER.match(start))
        if wrapped:
            parts[-1] = parts[-1].rstrip()
            parts.append(following.lstrip())
        else:
            parts += ["\n", following]
    return "".join(parts)


def read(path: str | Path) -> Source:
    """Read a report file into text.

    The format comes from the file's suffix: ``.html``/``.htm`` (main text
    kept, page boilerplate removed by trafilatura), ``.docx``, ``.pdf`` (text
    layer), anything else as text in UTF-8 or GB18030 (GBK), detected.

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
    return read_bytes(data, str(path))


def read_bytes(data: bytes, name: str = "<stdin>") -> Source:
    """Read text from bytes (standard input, an upload) with the same checks as a text file.

    >>> read_bytes("一、主要举措".encode("gbk")).encoding
    'gb18030'
    """
    if not data.strip():
        raise InputError(f"{name}: empty {'input' if name.startswith('<') else 'file'}, no text")
    text, encoding = _decode(data, name)
    return Source(text, name, "text", encoding)

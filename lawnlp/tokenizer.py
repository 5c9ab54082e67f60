"""spaCy tokenizer: pkuseg on normalised text, tokens keep the original text."""

from __future__ import annotations

import json
import re
from pathlib import Path

from spacy.lang.zh import ChineseTokenizer
from spacy.tokens import Doc
from spacy.util import registry
from spacy.vocab import Vocab

from .segment import load_pkuseg, sha256
from .sentences import split_units
from .text import normalize

__all__ = ["LawTokenizer", "check_text"]

SEGMENTER_DIR, LEXICON, CHECKSUMS = "segmenter", "lexicon.txt", "sha256.json"
TOKENIZER_FILES = (f"{SEGMENTER_DIR}/features.msgpack", f"{SEGMENTER_DIR}/weights.npz", LEXICON)
_SURROGATE = re.compile("[\ud800-\udfff]")
# The text and its units as the tokenizer split them, handed to the lawnlp_units component.
Doc.set_extension("lawnlp_split", default=None, force=True)


def check_text(text: object) -> str:
    """Return ``text`` if it is a ``str``, else raise ``TypeError`` naming what was passed."""
    if not isinstance(text, str):
        raise TypeError(f"lawnlp expects text as str, got {type(text).__name__}: {str(text)[:40]!r}")
    return text


class LawTokenizer(ChineseTokenizer):
    """pkuseg word segmentation that never crosses a sentence unit.

    pkuseg reads :func:`lawnlp.text.normalize`'d text (same length as the
    input); each token keeps the original characters as its text and the
    normalised form as ``norm_``.  Serialises like spaCy's ``ChineseTokenizer``.
    """

    def __init__(self, vocab: Vocab):
        super().__init__(vocab, segmenter="pkuseg")

    def initialize(self, get_examples=None, *, nlp=None, model_dir: str | Path | None = None,
                   lexicon: str | Path | None = None) -> None:
        if model_dir is None:
            raise ValueError("LawTokenizer.initialize needs model_dir, a pkuseg model directory")
        self.pkuseg_seg = load_pkuseg(model_dir, lexicon)

    def to_disk(self, path: str | Path, **kwargs) -> None:
        """Write the segmenter (``features.msgpack``, ``weights.npz``), the lexicon and their sha256 sums."""
        from spacy.lang.zh import _get_pkuseg_trie_data

        path = Path(path)
        (path / SEGMENTER_DIR).mkdir(parents=True, exist_ok=True)
        self.pkuseg_seg.model.save(str(path / SEGMENTER_DIR))
        self.pkuseg_seg.feature_extractor.save(str(path / SEGMENTER_DIR))
        terms = [word for word, _ in _get_pkuseg_trie_data(self.pkuseg_seg.preprocesser.trie)]
        (path / LEXICON).write_text("".join(f"{t}\n" for t in terms), encoding="utf-8")
        sums = {name: sha256(path / name) for name in TOKENIZER_FILES}
        (path / CHECKSUMS).write_text(json.dumps(sums, indent=2) + "\n", encoding="utf-8")

    def from_disk(self, path: str | Path, **kwargs) -> "LawTokenizer":
        """Read what :meth:`to_disk` wrote, checking the sha256 sums first; only data is read."""
        from .persistence import ModelError

        path = Path(path)
        try:
            sums = json.loads((path / CHECKSUMS).read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise ModelError(f"{path / CHECKSUMS}: missing or not JSON ({error})") from None
        for name in TOKENIZER_FILES:
            if not (path / name).is_file() or not isinstance(sums, dict) or sums.get(name) != sha256(path / name):
                raise ModelError(f"{path / name}: missing or does not match its sha256 in {CHECKSUMS}")
        unlisted = sorted(f.relative_to(path).as_posix() for f in path.rglob("*") if f.is_file()
                          and f.relative_to(path).as_posix() not in (*TOKENIZER_FILES, CHECKSUMS))
        if unlisted:
            raise ModelError(f"{path}: files not listed in {CHECKSUMS}: {', '.join(unlisted)} "
                             f"(a tokenizer directory holds only {', '.join(TOKENIZER_FILES)})")
        try:
            self.pkuseg_seg = load_pkuseg(path / SEGMENTER_DIR, path / LEXICON)
        except Exception as error:  # pkuseg and numpy raise many kinds for a damaged model
            raise ModelError(f"{path / SEGMENTER_DIR}: cannot load the segmentation model "
                             f"({type(error).__name__}: {error})") from None
        return self

    def __call__(self, text: str) -> Doc:
        # spaCy stores UTF-8: an unpaired surrogate (from text decoded with errors="surrogateescape")
        # becomes U+FFFD in the Doc, one character for one, so offsets still hold.
        text = _SURROGATE.sub("\ufffd", check_text(text))
        if self.pkuseg_seg is None:
            raise ValueError("the lawnlp tokenizer has no segmentation model: load a pipeline with lawnlp.load()")
        norm = normalize(text)
        words: list[str] = []
        spaces: list[bool] = []
        norms: dict[int, str] = {}
        position = 0

        def add_gap(end: int) -> None:
            gap = text[position:end]
            if gap.startswith(" ") and words and not spaces[-1] and not words[-1].isspace():
                spaces[-1] = True
                gap = gap[1:]
            if gap:
                words.append(gap)
                spaces.append(False)

        units = split_units(text)
        for unit in units:
            for word in self.pkuseg_seg.cut(norm[unit.start:unit.end]):
                start = norm.find(word, position, unit.end)
                if start < 0:
                    raise RuntimeError(f"segmenter returned {word!r}, which is not in the unit at [{position}:{unit.end}]")
                if start > position:
                    add_gap(start)
                words.append(text[start:start + len(word)])
                spaces.append(False)
                if word != words[-1]:
                    norms[len(words) - 1] = word
                position = start + len(word)
        add_gap(len(text))
        doc = Doc(self.vocab, words=words, spaces=spaces)
        for i, norm_form in norms.items():
            doc[i].norm_ = norm_form
        doc._.lawnlp_split = (text, units)  # for lawnlp_units: Doc.text would rebuild the string token by token
        return doc


@registry.tokenizers("lawnlp.Tokenizer.v1")
def create_tokenizer():
    """Registry function for the ``[nlp.tokenizer]`` block of a config."""

    def make(nlp) -> LawTokenizer:
        return LawTokenizer(nlp.vocab)

    return make

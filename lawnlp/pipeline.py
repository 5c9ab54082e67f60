"""Build the lawnlp spaCy pipeline from a model directory."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from spacy.lang.zh import Chinese
from spacy.language import Language

from . import components, tokenizer  # noqa: F401  (registers the factories and the tokenizer)
from .persistence import ModelError, load_predictor

__all__ = ["load", "make_base", "default_model_dir", "DEFAULT_MODEL"]

DEFAULT_MODEL = "lawnlp-zh-reports"
SEGMENTER_DIR = "segmenter"
LEXICON_FILE = "lexicon.txt"
#: Longest text the pipeline takes (characters); spaCy's own default is 1,000,000.
MAX_TEXT_CHARS = 100_000_000


def default_model_dir() -> Path:
    """Directory of the shipped default model (``models/`` of the project, packaged in the wheel)."""
    return Path(str(resources.files("lawnlp.models"))) / DEFAULT_MODEL


def make_base(model_dir: str | Path) -> Language:
    """A pipeline with the tokenizer and the unit segmenter, no classifier (used for training)."""
    model_dir = Path(model_dir)
    nlp = Chinese.from_config({"nlp": {"tokenizer": {"@tokenizers": "lawnlp.Tokenizer.v1"}}})
    lexicon = model_dir / LEXICON_FILE
    try:
        nlp.tokenizer.initialize(model_dir=model_dir / SEGMENTER_DIR, lexicon=lexicon if lexicon.is_file() else None)
    except Exception as error:  # pkuseg and numpy raise many kinds for a damaged model
        raise ModelError(f"{model_dir / SEGMENTER_DIR}: cannot load the segmentation model "
                         f"({type(error).__name__}: {error})") from None
    nlp.add_pipe("lawnlp_units")
    # No parser or tagger: memory grows linearly with the text, so long reports need no limit beyond memory.
    nlp.max_length = MAX_TEXT_CHARS
    return nlp


def load(path: str | Path | None = None, *, trusted: bool = False) -> Language:
    """Load a lawnlp pipeline: the shipped default model, or the model directory ``path``.

    The directory's files are checked against the sha256 sums in its
    ``meta.json`` first; a mismatch raises :class:`~lawnlp.persistence.ModelError`
    unless ``trusted=True``.

    The model's label set (:class:`lawnlp.Schema`: ``labels.md``'s, or the one it was trained with,
    ``lawnlp train --schema``) is ``nlp.get_pipe("lawnlp_classifier").schema``, and as data
    ``nlp.meta["lawnlp"]["schema"]``; the measures each sentence is scored on are its measures.

    >>> nlp = load()
    >>> nlp.pipe_names
    ['lawnlp_units', 'lawnlp_classifier']
    >>> [s._.function for s in nlp("二、存在的问题\\n部分干部法治意识不强。").sents]
    ['problem', 'problem']
    >>> nlp.get_pipe("lawnlp_classifier").schema.name, len(nlp.meta["lawnlp"]["schema"]["measures"])
    ('labels.md', 12)
    """
    directory = default_model_dir() if path is None else Path(path)
    if not directory.is_dir():
        raise ModelError(f"model directory not found: {directory}")
    if (directory / "config.cfg").is_file():
        raise ModelError(f"{directory} is a spaCy pipeline saved with nlp.to_disk: load it with spacy.load()")
    predictor, parts, meta = load_predictor(directory, trusted=trusted)
    nlp = make_base(directory)
    nlp.add_pipe("lawnlp_classifier", config={"trusted": trusted})
    classifier = nlp.get_pipe("lawnlp_classifier")
    classifier.predictor, classifier.parts, classifier.meta = predictor, parts, meta
    nlp.meta["name"] = meta.get("name", directory.name)
    nlp.meta["lawnlp"] = {k: v for k, v in meta.items() if k != "files"}
    nlp.meta["lawnlp"]["schema"] = classifier.schema.to_dict()
    return nlp

"""Record the shipped model's labels and scores on every annotated unit, for tests/test_predictions.py.

    python training/record_predictions.py --out tests/fixtures/predictions.npz

Run it after retraining the shipped model (the README's training command).  The units are those of
``ANNOTATIONS`` with the texts of ``DOCS`` (each in its document, and alone as a one-sentence call sees it);
the file holds labels and scores only (no text), and a digest of the units it was made on.
"""

from __future__ import annotations

import argparse
import hashlib
from pathlib import Path

import numpy as np

from lawnlp.annotations import load_corpus
from lawnlp.persistence import load_predictor
from lawnlp.pipeline import default_model_dir
from lawnlp.training import featurize

ROOT = Path(__file__).resolve().parent.parent
ANNOTATIONS = ["annotations/seeds", "annotations/written", "annotations/reports", "annotations/reports2",
               "annotations/gwr/g077-g084.jsonl"]
DOCS = ["../shared/corpora/reports/reports.jsonl", "../shared/corpora/reports2/reports.jsonl",
        "../shared/corpora/gwr/reports.jsonl"]


def units_digest(docs: np.ndarray, spans: np.ndarray, in_context: np.ndarray) -> str:
    """sha256 over the units predicted: document, offsets and whether in context."""
    digest = hashlib.sha256()
    for doc, (start, end), context in zip(docs, spans, in_context):
        digest.update(f"{doc}:{start}:{end}:{int(context)};".encode())
    return digest.hexdigest()


def predictions(model_dir: Path, root: Path = ROOT):
    """``(examples, (functions, function_scores, measures, measure_scores))`` of the model on the units."""
    documents = load_corpus([root / p for p in ANNOTATIONS], [root / p for p in DOCS])
    examples = featurize(documents, model_dir)
    predictor, _, _ = load_predictor(model_dir)
    return examples, predictor.predict(examples.X)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "tests" / "fixtures" / "predictions.npz")
    args = parser.parse_args()
    examples, (functions, function_scores, measures, measure_scores) = predictions(default_model_dir())
    from lawnlp.labels import FUNCTIONS

    np.savez_compressed(args.out, digest=np.array(units_digest(examples.docs, examples.spans, examples.in_context)),
                        functions=np.array([FUNCTIONS.index(f) for f in functions], dtype=np.int8),
                        function_scores=function_scores.astype(np.float32), measures=measures.astype(np.int8),
                        measure_scores=measure_scores.astype(np.float32))
    print(f"{len(functions)} units recorded in {args.out}")


if __name__ == "__main__":
    main()

"""Word segmentation benchmark: lawnlp's segmenter beside jieba and spaCy's character segmenter.

    python training/bench_segmentation.py \
        --ud-test ../shared/corpora/ud_chinese_gsdsimp/zh_gsdsimp-ud-test.conllu \
        --pku-test ../shared/corpora/sighan2005/pku_test_gold.utf8 \
        --out docs/results/segmentation.json

Word-level precision/recall/F1 (a word counts when both its boundaries
match the gold) and characters per second, on UD GSDSimp test, on the held-out
domain sentences (every fifth line of annotations/segmentation/*.txt), and on
SIGHAN 2005 PKU test gold (never trained on by the shipped model).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Callable

from lawnlp.corpora import read_segmented
from lawnlp.pipeline import DEFAULT_MODEL, LEXICON_FILE, SEGMENTER_DIR, make_base
from lawnlp.segment import split_heldout

Segmenter = Callable[[str], list[str]]
ROOT = Path(__file__).resolve().parent.parent


def _spans(words: list[str]) -> set[tuple[int, int]]:
    spans, position = set(), 0
    for word in words:
        spans.add((position, position + len(word)))
        position += len(word)
    return spans


def evaluate(segment: Segmenter, sentences: list[list[str]]) -> dict[str, float]:
    texts = ["".join(words) for words in sentences]
    started = time.perf_counter()
    outputs = [segment(text) for text in texts]
    seconds = time.perf_counter() - started
    tp = n_pred = n_gold = 0
    for gold, predicted in zip(sentences, outputs):
        predicted = [w for w in predicted if w.strip()]
        gold_spans, pred_spans = _spans(gold), _spans(predicted)
        tp += len(gold_spans & pred_spans)
        n_pred += len(pred_spans)
        n_gold += len(gold_spans)
    precision, recall = tp / n_pred, tp / n_gold
    return {"precision": round(precision, 4), "recall": round(recall, 4),
            "f1": round(2 * precision * recall / (precision + recall), 4),
            "chars_per_second": round(sum(map(len, texts)) / seconds), "sentences": len(sentences)}


def lawnlp_segmenter(model_dir: Path, lexicon: bool) -> Segmenter:
    nlp = make_base(model_dir)
    if not lexicon:
        from lawnlp.segment import load_pkuseg

        nlp.tokenizer.pkuseg_seg = load_pkuseg(model_dir / SEGMENTER_DIR, None)
    return lambda text: [t.text for t in nlp.make_doc(text)]


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark word segmentation.")
    parser.add_argument("--ud-test", type=Path, required=True)
    parser.add_argument("--pku-test", type=Path, help="SIGHAN 2005 pku_test_gold.utf8 (benchmark only)")
    parser.add_argument("--domain", nargs="*", type=Path,
                        default=sorted((ROOT / "annotations" / "segmentation").glob("*.txt")))
    parser.add_argument("--model", type=Path, default=ROOT / "models" / DEFAULT_MODEL)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()

    import jieba
    import spacy

    jieba.setLogLevel(60)
    char_nlp = spacy.blank("zh")
    segmenters: dict[str, Segmenter] = {
        "lawnlp": lawnlp_segmenter(args.model, lexicon=True),
        "lawnlp_without_lexicon": lawnlp_segmenter(args.model, lexicon=False),
        "jieba": lambda text: list(jieba.cut(text)),
        "spacy_char": lambda text: [t.text for t in char_nlp.make_doc(text)],
    }
    data = {"ud_test": read_segmented(args.ud_test)}
    heldout = [s for path in args.domain for s in split_heldout(read_segmented(path))[1]]
    if heldout:
        data["domain_heldout"] = heldout
    if args.pku_test:
        data["pku_test"] = read_segmented(args.pku_test)
    results = {name: {seg: evaluate(fn, sentences) for seg, fn in segmenters.items()}
               for name, sentences in data.items()}
    report = {"model": args.model.name, "lexicon_terms": sum(1 for _ in open(args.model / LEXICON_FILE, encoding="utf-8"))
              if (args.model / LEXICON_FILE).is_file() else 0, "results": results}
    text = json.dumps(report, ensure_ascii=False, indent=2)
    print(text)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

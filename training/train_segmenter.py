"""Train lawnlp's pkuseg segmentation model.

The shipped default is trained on redistributable data only:

    python training/train_segmenter.py \
        --train ../shared/corpora/uner_chinese_gsdsimp/zh_gsdsimp-ud-train.iob2 \
                ../shared/corpora/ud_chinese_gsdsimp/zh_gsdsimp-ud-dev.conllu \
        --domain annotations/segmentation/seeds.txt annotations/segmentation/written.txt \
        --lexicon lawnlp/resources/lexicon.txt \
        --out models/lawnlp-zh-reports/segmenter --lexicon-out models/lawnlp-zh-reports/lexicon.txt

Every fifth line of each ``--domain`` file (index % 5 == 4) is held out and
never trained on; UD test is never passed here.  Text is normalised with
:func:`lawnlp.text.normalize` exactly as at run time.  Lexicon terms that the
``--train`` corpora split more often than they keep whole are left out of the
model's lexicon (the list is recorded in training.json).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

from lawnlp.corpora import read_segmented
from lawnlp.segment import filter_lexicon, normalize_words, split_heldout


def _write(path: Path, sentences: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for words in sentences:
            handle.write(" ".join(normalize_words(words)) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description="Train lawnlp's pkuseg segmenter.")
    parser.add_argument("--train", nargs="+", required=True, type=Path, help="segmented corpora to train on")
    parser.add_argument("--domain", nargs="*", default=[], type=Path, help="domain files; every 5th line held out")
    parser.add_argument("--out", required=True, type=Path, help="output directory for the pkuseg model")
    parser.add_argument("--iterations", type=int, default=20)
    parser.add_argument("--lexicon", type=Path, help="domain lexicon, one term a line")
    parser.add_argument("--lexicon-out", type=Path, help="where to write the lexicon the model uses")
    args = parser.parse_args()

    import spacy_pkuseg

    train: list[list[str]] = []
    sources = []
    for path in args.train:
        sentences = read_segmented(path)
        train.extend(sentences)
        sources.append({"path": path.name, "sentences": len(sentences), "words": sum(map(len, sentences))})
    general = list(train)
    heldout: list[list[str]] = []
    for path in args.domain:
        fit, held = split_heldout(read_segmented(path))
        train.extend(fit)
        heldout.extend(held)
        sources.append({"path": path.name, "sentences": len(fit), "words": sum(map(len, fit)), "heldout": len(held)})

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        _write(tmp_path / "train.txt", train)
        _write(tmp_path / "test.txt", heldout or train[:100])
        started = time.time()
        cwd = os.getcwd()
        os.chdir(tmp_path)  # pkuseg's trainer writes scratch files into the working directory
        try:
            spacy_pkuseg.train("train.txt", "test.txt", "model", train_iter=args.iterations)
        finally:
            os.chdir(cwd)
        seconds = time.time() - started
        args.out.mkdir(parents=True, exist_ok=True)
        for name in ("features.msgpack", "weights.npz"):
            shutil.copy(tmp_path / "model" / name, args.out / name)
    info = {"trained_on": sources, "iterations": args.iterations, "train_seconds": round(seconds, 1)}
    if args.lexicon:
        terms = [t.strip() for t in args.lexicon.read_text(encoding="utf-8").splitlines() if t.strip()]
        kept, dropped = filter_lexicon(terms, [normalize_words(s) for s in general])
        out = args.lexicon_out or args.out / "lexicon.txt"
        out.write_text("\n".join(kept) + "\n", encoding="utf-8")
        info["lexicon"] = {"terms": len(terms), "kept": len(kept), "dropped": dropped}
    (args.out / "training.json").write_text(json.dumps(info, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(info, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()

"""Baselines the model is measured against: heading-and-keyword rules, and spaCy's textcat."""

from __future__ import annotations

import random
import re

import numpy as np

from .features import MEASURE_KEYWORDS, UnitFeatures
from .labels import FUNCTIONS
from .training import Examples

__all__ = ["RuleBaseline", "SpacyTextcatBaseline"]

_PROBLEM = re.compile(r"问题|不足|短板|差距|薄弱|不够|不强|有待|欠缺|缺乏|滞后")
_PLAN = re.compile(r"下一步|下步|计划|打算|安排|将|力争|要")


class RuleBaseline:
    """Function from the top heading's words (else the sentence's), measures from keywords.

    Its keywords are ``labels.md``'s twelve measures': a measure a schema adds is never predicted.
    """

    def fit(self, examples: Examples) -> "RuleBaseline":
        return self

    @staticmethod
    def _function(features: UnitFeatures, text: str) -> str:
        features = features.context
        if "kind:debris" in features or ("no_section" in features and "has_count" not in features):
            return "other"
        if "top:problem" in features:
            return "problem"
        if "top:plan" in features:
            return "plan"
        if "top:achievement" in features or "top:leader" in features:
            return "achievement"
        if _PROBLEM.search(text):
            return "problem"
        if _PLAN.search(text):
            return "plan"
        return "achievement"

    def predict(self, examples: Examples) -> tuple[np.ndarray, np.ndarray]:
        functions = np.array([self._function(x, t) for x, t in zip(examples.X, examples.texts)], dtype=object)
        keywords = [MEASURE_KEYWORDS.get(m) for m in examples.schema.measure_ids]
        measures = np.array([[int(k is not None and bool(k.search(t))) for k in keywords]
                             for t in examples.texts], dtype=int).reshape(-1, len(keywords))
        measures[functions == "other"] = 0
        return functions, measures


class SpacyTextcatBaseline:
    """spaCy's ``textcat`` and ``textcat_multilabel`` (bag-of-words) on the unit text alone.

    Tokens come from lawnlp's own segmenter, so only the classifier differs.
    """

    def __init__(self, nlp_base, epochs: int = 10, seed: int = 0):
        self.nlp_base = nlp_base
        self.epochs = epochs
        self.seed = seed

    def _pipeline(self, component: str, labels: tuple[str, ...]):
        import spacy

        nlp = spacy.blank("zh")
        nlp.tokenizer = self.nlp_base.tokenizer
        model = {"@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": component == "textcat",
                 "ngram_size": 2, "no_output_layer": False}
        textcat = nlp.add_pipe(component, config={"model": model})
        for label in labels:
            textcat.add_label(label)
        return nlp

    def fit(self, examples: Examples) -> "SpacyTextcatBaseline":
        from spacy.training import Example
        from spacy.util import fix_random_seed, minibatch

        fix_random_seed(self.seed)
        examples = examples.subset(examples.in_context)  # one copy of each unit
        self.measures = examples.schema.measure_ids
        self.function_nlp = self._pipeline("textcat", FUNCTIONS)
        self.measure_nlp = self._pipeline("textcat_multilabel", self.measures)
        function_data, measure_data = [], []
        for text, function, row, measured in zip(examples.texts, examples.functions, examples.measures,
                                                 examples.measured):
            function_data.append(Example.from_dict(self.function_nlp.make_doc(text),
                                                   {"cats": {f: float(f == function) for f in FUNCTIONS}}))
            if measured:  # a unit whose measures were not annotated teaches no measure
                measure_data.append(Example.from_dict(self.measure_nlp.make_doc(text),
                                                      {"cats": {m: float(v) for m, v in zip(self.measures, row)}}))
        rng = random.Random(self.seed)
        for nlp, data in ((self.function_nlp, function_data), (self.measure_nlp, measure_data)):
            # initialise the component itself: Language.initialize would also re-initialise our tokenizer
            nlp.pipeline[0][1].initialize(lambda data=data: data, nlp=nlp)
            optimizer = nlp.create_optimizer()
            for _ in range(self.epochs):
                rng.shuffle(data)
                for batch in minibatch(data, size=16):
                    nlp.update(batch, sgd=optimizer)
        return self

    def predict(self, examples: Examples) -> tuple[np.ndarray, np.ndarray]:
        functions, measures = [], []
        for doc in self.function_nlp.pipe(examples.texts):
            functions.append(max(doc.cats, key=doc.cats.get))
        for doc in self.measure_nlp.pipe(examples.texts):
            measures.append([int(doc.cats[m] >= 0.5) for m in self.measures])
        return np.array(functions, dtype=object), np.array(measures, dtype=int).reshape(-1, len(self.measures))

"""A label set of one's own: schema files, training with an added measure, and models checked against their schema."""

import json
import shutil

import numpy as np
import pytest

import lawnlp
from lawnlp.annotations import AnnotationError, load_corpus
from lawnlp.baselines import RuleBaseline
from lawnlp.batch import measure_coverage
from lawnlp.cli import main
from lawnlp.labels import MEASURES
from lawnlp.persistence import ModelError, load_estimators
from lawnlp.schema import DEFAULT, Schema, SchemaError, read_schema
from lawnlp.training import featurize

from conftest import ROOT

SEEDS = ROOT / "annotations" / "seeds"
SCHEMA_TOML = 'name = "ecology study"\n[functions]\nplan = "下一步工作"\n[measures]\necology = "生态环境执法"\n'
#: Three small reports (made up) about environmental law enforcement, the measure the schema adds: unit, function, measures.
CORPUS = {
    "eco1": [("X县2023年生态环境执法工作报告", "other", []), ("一、主要举措和成效", "achievement", []),
             ("深入开展生态环境执法专项行动，查处环境违法案件35起。", "achievement", ["ecology"]),
             ("加强生态环境执法检查，对重点排污单位开展现场检查120次。", "achievement", ["ecology"]),
             ("组织普法宣传活动8场，发放宣传资料2000份。", "achievement", ["publicity"]),
             ("二、存在的问题", "problem", []),
             ("生态环境执法力量不足，基层执法人员专业能力不强。", "problem", ["ecology"]),
             ("三、下一步工作计划", "plan", []),
             ("持续加大生态环境执法力度，严厉打击非法排污行为。", "plan", ["ecology"])],
    "eco2": [("Y镇2022年法治政府建设情况报告", "other", []), ("一、工作成效", "achievement", []),
             ("开展大气和水污染防治执法，查处非法排污企业12家。", "achievement", ["ecology"]),
             ("联合环保部门开展生态环境执法巡查46次，整改环境问题30处。", "achievement", ["ecology"]),
             ("调解矛盾纠纷90起，调解成功率98%。", "achievement", ["mediation"]),
             ("二、存在的不足", "problem", []),
             ("环境违法行为查处不够及时，生态环境执法监测手段落后。", "problem", ["ecology"]),
             ("三、下一步打算", "plan", []),
             ("强化生态环境执法监管，开展污染源排查整治。", "plan", ["ecology"])],
    "eco3": [("Z街道2023年法治建设工作总结", "other", []), ("一、主要做法", "achievement", []),
             ("严格生态环境执法，立案查处环境违法案件21件，罚款86万元。", "achievement", ["ecology"]),
             ("开展固体废物和危险废物专项执法检查，排查企业54家。", "achievement", ["ecology"]),
             ("二、存在问题", "problem", []),
             ("部分企业环保意识淡薄，生态环境执法震慑力不够。", "problem", ["ecology"]),
             ("三、工作计划", "plan", []),
             ("推进生态环境执法规范化建设，提升环境执法能力。", "plan", ["ecology"])],
}


def write_corpus(folder, corpus=CORPUS):
    """The corpus as a documents file and a records file (standoff: offsets into the documents' texts)."""
    folder.mkdir(parents=True, exist_ok=True)
    docs, records = [], []
    for doc, units in corpus.items():
        docs.append({"doc": doc, "text": "\n".join(unit for unit, _, _ in units), "kind": "annual report"})
        start = 0
        for unit, function, measures in units:
            records.append({"doc": doc, "start": start, "end": start + len(unit), "function": function,
                            "measures": measures})
            start += len(unit) + 1
    for name, rows in (("docs.jsonl", docs), ("labels.jsonl", records)):
        (folder / name).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    """The corpus and its schema file, written once."""
    folder = write_corpus(tmp_path_factory.mktemp("study") / "corpus")
    (folder.parent / "eco.toml").write_text(SCHEMA_TOML, encoding="utf-8")
    return folder, folder.parent / "eco.toml"


@pytest.fixture(scope="module")
def eco_model(study, tmp_path_factory):
    corpus, schema = study
    return lawnlp.train([SEEDS, corpus], tmp_path_factory.mktemp("models") / "eco", schema=schema)


@pytest.fixture
def eco_copy(eco_model, tmp_path):
    target = tmp_path / "eco"
    shutil.copytree(eco_model, target)
    return target


# Schema files


def test_a_schema_file_adds_measures_after_labels_md_and_renames_functions(tmp_path):
    path = tmp_path / "eco.toml"
    path.write_text(SCHEMA_TOML, encoding="utf-8")
    schema = read_schema(path)
    assert schema.measure_ids == (*MEASURES, "ecology") and schema.name == "ecology study"
    assert schema.functions["plan"] == "下一步工作" and schema.function_ids == DEFAULT.function_ids
    assert schema.measure_name("ecology") == "生态环境执法" and schema.measure_name("unknown") == "unknown"
    as_json = tmp_path / "eco.json"
    as_json.write_text(json.dumps({"name": "ecology study", "functions": {"plan": "下一步工作"},
                                   "measures": {"ecology": "生态环境执法"}}), encoding="utf-8")
    assert read_schema(as_json) == schema
    assert Schema.from_recorded(schema.to_dict()) == schema


@pytest.mark.parametrize("name, content, message", [
    ("bad.toml", "[measures\necology = 1", "not valid TOML"),
    ("fn.toml", '[functions]\nholiday = "假日"\n', "unknown function 'holiday'"),
    ("id.toml", '[measures]\n"Eco-Law" = "生态"\n', "measure id 'Eco-Law' must be lower-case"),
    ("empty.toml", '[measures]\necology = "  "\n', "measure 'ecology' needs a display name"),
    ("name.json", '{"name": "", "measures": {"ecology": "生态"}}', "'name' must be a non-empty string"),
    ("twice.json", '{"measures": {"ecology": "生态", "ecology": "环境"}}', "key 'ecology' appears twice"),
    ("list.json", '["ecology"]', "expected a table (TOML) or object (JSON), got list"),
    ("key.toml", 'labels = ["ecology"]\n', "unknown key(s) ['labels']"),
    ("eco.yaml", "measures: {}", "a schema file ends in .toml or .json"),
    ("gbk.toml", "name = '生态'".encode("gbk"), "not UTF-8"),
])
def test_read_schema_errors_name_the_file(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    with pytest.raises(SchemaError, match="^" + str(path).replace("\\", "\\\\") + ": ") as error:
        read_schema(path)
    assert message in str(error.value)


def test_a_missing_schema_file_is_an_error_of_the_train_command(tmp_path, study, capsys):
    corpus, _ = study
    assert main(["train", str(corpus), "--schema", str(tmp_path / "none.toml"), "--out", str(tmp_path / "m")]) == 2
    assert f"lawnlp train: error: {tmp_path / 'none.toml'}: cannot read it" in capsys.readouterr().err


# Records against the schema


def test_a_record_with_a_label_outside_the_schema_names_file_and_line(study, tmp_path):
    corpus, schema = study
    with pytest.raises(AnnotationError, match=r"labels\.jsonl:3: unknown measure label\(s\) \['ecology'\].*--schema"):
        load_corpus([corpus])  # labels.md's measures only: ecology is not one
    assert sum(len(d.records) for d in load_corpus([corpus], schema=read_schema(schema))) == 26
    other = write_corpus(tmp_path / "other", {"w1": [("加强湿地保护执法。", "achievement", ["wetlands"])]})
    with pytest.raises(AnnotationError, match=r"labels\.jsonl:1: unknown measure label\(s\) \['wetlands'\]; "
                                              r"expected ids of schema 'ecology study'"):
        load_corpus([other], schema=read_schema(schema))


def test_cli_train_refuses_a_label_outside_the_schema_naming_file_and_line(study, tmp_path, capsys):
    corpus, schema = study
    other = write_corpus(tmp_path / "other", {"w1": [("一、主要举措", "achievement", []),
                                                     ("加强湿地保护执法。", "achievement", ["wetlands"])]})
    assert main(["train", str(other), "--schema", str(schema), "--out", str(tmp_path / "m")]) == 2
    err = capsys.readouterr().err
    assert f"lawnlp train: error: {other / 'labels.jsonl'}:2: unknown measure label(s) ['wetlands']" in err
    assert not (tmp_path / "m").exists()


# A model of its own schema


def test_a_model_trained_with_a_schema_records_it_and_classifies_with_its_labels(eco_model, study):
    meta = json.loads((eco_model / "meta.json").read_text(encoding="utf-8"))
    schema = read_schema(study[1])
    assert meta["schema"] == schema.to_dict()
    assert meta["measures"] == list(schema.measure_ids) and list(meta["thresholds"]) == list(schema.measure_ids)
    nlp = lawnlp.load(eco_model)
    classifier = nlp.get_pipe("lawnlp_classifier")
    assert classifier.schema == schema and classifier.labels == schema.measure_ids
    assert nlp.meta["lawnlp"]["schema"] == schema.to_dict()
    about, elsewhere = (lawnlp.classify(text, model=eco_model)[0] for text in
                        ("开展生态环境执法检查，查处环境违法案件12起。", "全年调解矛盾纠纷120起，化解信访积案5件。"))
    assert list(about.measure_scores) == list(schema.measure_ids)
    assert "ecology" in about.measures and about.measure_scores["ecology"] > 0.5
    assert "ecology" not in elsewhere.measures and elsewhere.measure_scores["ecology"] < 0.5


def test_the_estimators_of_a_model_learn_its_schemas_measures(eco_model):
    estimators, _ = load_estimators(eco_model)
    assert estimators.measures.measures[-1] == "ecology" and len(estimators.measures.thresholds_) == 13
    params = json.loads((eco_model / "measures.json").read_text(encoding="utf-8"))["params"]
    assert "measures" not in params  # the labels are the schema's, recorded once, in meta.json


def test_the_shipped_model_is_labels_md_s(nlp):
    assert nlp.get_pipe("lawnlp_classifier").schema == DEFAULT
    assert "schema" not in json.loads((lawnlp.pipeline.default_model_dir() / "meta.json").read_text(encoding="utf-8"))
    assert nlp.meta["lawnlp"]["schema"] == DEFAULT.to_dict()


def _edit_meta(directory, edit):
    meta = json.loads((directory / "meta.json").read_text(encoding="utf-8"))
    edit(meta)
    (directory / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")


def _drop_ecology(meta):
    del meta["schema"]["measures"]["ecology"]
    meta["measures"].remove("ecology")
    del meta["thresholds"]["ecology"]


@pytest.mark.parametrize("edit, message", [
    (_drop_ecology, "measures.json/.npz disagrees with schema 'ecology study' in meta.json: "
                    "its stages score [13, 13] labels, its schema has 12 measures"),
    (lambda meta: meta.pop("schema"), "measure labels [" ),
    (lambda meta: meta["schema"]["measures"].update({"Bad Id": "坏"}), "its schema: measure id 'Bad Id' must be"),
    (lambda meta: meta.update(schema=["ecology"]), "its schema: expected a table (TOML) or object (JSON), got list"),
    (lambda meta: meta["schema"]["functions"].update(plan=3), "its schema: function 'plan' needs a display name"),
    (lambda meta: meta["schema"].update(measures=dict(reversed(list(meta["schema"]["measures"].items())))),
     "its schema: 'measures' must list labels.md's twelve measures, then the added ones, in order"),
    (lambda meta: meta["measures"].append("ecology"), "differ from its schema 'ecology study'"),
    (lambda meta: meta["thresholds"].pop("ecology"), "thresholds are not one per measure of its schema"),
])
def test_a_model_whose_meta_disagrees_with_its_schema_or_arrays_is_refused(eco_copy, edit, message):
    _edit_meta(eco_copy, edit)
    for trusted in (False, True):
        with pytest.raises(ModelError, match="refusing to load model") as error:
            lawnlp.load(eco_copy, trusted=trusted)
        assert message in str(error.value)
    with pytest.raises(ModelError):
        load_estimators(eco_copy)


def test_a_schema_naming_a_measure_twice_is_refused(eco_copy):
    text = (eco_copy / "meta.json").read_text(encoding="utf-8")
    twice = text.replace('"ecology": "生态环境执法"', '"ecology": "生态环境执法", "ecology": "环境"', 1)
    assert twice != text
    (eco_copy / "meta.json").write_text(twice, encoding="utf-8")
    with pytest.raises(ModelError, match="meta.json: missing or not JSON \\(key 'ecology' appears twice\\)"):
        lawnlp.load(eco_copy)


# Everything downstream follows the model's schema


def test_rule_baseline_never_predicts_an_added_measure(study):
    corpus, schema = study
    examples = featurize(load_corpus([corpus], schema=read_schema(schema)), schema=read_schema(schema))
    assert examples.measures.shape[1] == 13 and examples.measures[:, -1].sum() > 0
    _, predicted = RuleBaseline().fit(examples).predict(examples)
    assert predicted.shape == examples.measures.shape and not predicted[:, -1].any()
    assert predicted[:, MEASURES.index("mediation")].any()  # its keywords still find labels.md's measures


def test_evaluate_scores_the_schemas_measures(study):
    corpus, schema = study
    report = lawnlp.evaluate([corpus], train_only=[SEEDS], folds=0, schema=schema, baselines=["rules"])
    ecology = report["systems"]["lawnlp"]["all"]["measures"]["labels"]["ecology"]
    assert ecology["support"] == 12 and report["measure_labels"][-1] == "ecology"
    assert report["systems"]["rules"]["all"]["measures"]["labels"]["ecology"]["recall"] == 0.0


def test_analyze_many_and_views_use_the_models_schema(eco_model, tmp_path):
    from lawnlp.review import write_html

    text = "一、主要举措和成效\n开展生态环境执法检查，查处环境违法案件12起。"
    df = lawnlp.analyze_many(texts=[text], model=eco_model)
    assert df.attrs["measures"][-1] == "ecology"
    assert "ecology" in measure_coverage(df).columns
    report = lawnlp.analyze(text, model=eco_model)
    assert report.schema.name == "ecology study"
    page = write_html([report], tmp_path / "review.html").read_text(encoding="utf-8")
    assert 'title="生态环境执法">ecology</code>' in page and "plan 下一步工作" in page
    assert "下一步工作" in report._repr_html_()
    assert lawnlp.analyze("一、主要举措\n全年调解纠纷9起。").schema == DEFAULT


def test_the_review_page_names_an_added_measure(eco_model):
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from lawnlp.server import create_app

    client = TestClient(create_app(eco_model))
    response = client.post("/batches", data={"text": "一、主要举措和成效\n开展生态环境执法检查，查处环境违法案件12起。"})
    assert response.status_code == 200
    page = client.get(str(response.url).rstrip("/") + "/reports/0").text
    assert 'title="生态环境执法">ecology</code>' in page and "下一步工作" in page


def test_measure_tagger_takes_its_measures_as_a_parameter():
    from lawnlp.estimators import MeasureTagger, UnitVectorizer
    from lawnlp.features import UnitFeatures

    units = [UnitFeatures(["w:a", "w:b"], ["kind:sentence"])] * 3
    blocks = UnitVectorizer(min_df=1).fit_transform(units)
    with pytest.raises(ValueError, match="Y must have 13 columns"):
        MeasureTagger(measures=(*MEASURES, "ecology")).fit(blocks, np.zeros((3, 12), dtype=int))
    with pytest.raises(ValueError, match="measures must be distinct ids"):
        MeasureTagger(measures=("a", "a")).fit(blocks, [[], [], []])


def test_training_warns_of_an_added_measure_it_cannot_learn(tmp_path):
    schema = Schema.from_dict({"name": "wetlands study", "measures": {"wetlands": "湿地保护"}})
    with pytest.warns(UserWarning, match=r"schema 'wetlands study' with fewer than 5 .*: wetlands \(0 examples\)"):
        out = lawnlp.train([SEEDS], tmp_path / "wet", schema=schema)
    result = lawnlp.classify("加强湿地保护执法。", model=out)[0]
    assert result.measure_scores["wetlands"] == 0.0 and "wetlands" not in result.measures

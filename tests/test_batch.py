import os
import shutil
import signal
import subprocess
import sys

import pytest

import lawnlp
from lawnlp import batch


def test_a_batch_of_50_files_with_5_broken_ones(tmp_path, seeds):
    texts = list(seeds.values())
    good = []
    for i in range(45):
        path = tmp_path / f"report_{i:02d}.txt"
        path.write_text(texts[i % 4].split("二、")[0], encoding="gb18030" if i % 3 else "utf-8")
        good.append(path)
    broken = {
        "undecodable.txt": b"\x81\x30\xff\xfe" * 40 + b"\xff" * 10,
        "empty.txt": b"",
        "binary.txt": b"\x00\x01" * 100,
        "scanned.pdf": b"%PDF-1.4 not really a pdf",
    }
    bad = []
    for name, data in broken.items():
        (tmp_path / name).write_bytes(data)
        bad.append(tmp_path / name)
    (tmp_path / "folder.txt").mkdir()  # a path that cannot be read as a file
    bad.append(tmp_path / "folder.txt")
    inputs = good[:20] + bad + good[20:]
    with pytest.warns(UserWarning):
        df = lawnlp.analyze_many(inputs, n_process=2, progress=False)
    failures = df.attrs["failures"]
    assert sorted(f.source for f in failures) == sorted(str(p) for p in bad)
    assert all(f.error for f in failures)
    assert list(dict.fromkeys(df["source"])) == [str(p) for p in good]  # results in input order
    assert len(df.attrs["reports"]) == 45


def test_cli_analyze_reports_failures_and_exits_1(tmp_path, seeds, capsys):
    from lawnlp.cli import main

    (tmp_path / "a.txt").write_text(seeds["002_1fe5bcb0e46deceb"], encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    assert main(["analyze", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    assert "连江县敖江镇2023年法治政府建设工作报告" in captured.out
    assert "b.txt: empty file" in captured.err and "1 of 2 inputs failed" in captured.err


def test_unpaired_surrogates_keep_offsets():
    text = "一、主要举措\n全年调解\udcff纠纷9起。"
    results = lawnlp.classify(text)
    assert [r.text for r in results] == ["一、主要举措", "全年调解\udcff纠纷9起。"]
    assert all(text[r.start:r.end] == r.text for r in results)


def test_paths_and_texts_are_never_confused(tmp_path):
    with pytest.raises(TypeError, match="takes a list, got a single str"):
        lawnlp.analyze_many(str(tmp_path / "report.txt"))
    with pytest.raises(TypeError, match="takes a list"):
        lawnlp.analyze_many(texts="一、主要举措")
    missing = tmp_path / "missing.txt"
    with pytest.warns(UserWarning):
        df = lawnlp.analyze_many([missing, tmp_path], texts=["二、存在的问题\n部分干部法治意识不强。", "a/b.txt"])
    assert sorted(f.source for f in df.attrs["failures"]) == sorted([str(missing), str(tmp_path)])
    assert "FileNotFoundError" in next(f.error for f in df.attrs["failures"] if f.source == str(missing))
    assert list(dict.fromkeys(df["source"])) == ["<text 2>", "<text 3>"]  # a path-looking text is analysed as text


# --- processes: a long-lived pool, dead workers, no __main__ guard needed ----------------------------------------

KILL_MARKER = "这一段会杀死它的工作进程"  # made up: the test hook below kills the worker that reads it


def _die_on_marker(job):
    """A worker that dies (SIGKILL, as the OOM killer does) on the input holding KILL_MARKER."""
    if job[2] and KILL_MARKER in job[1]:
        os.kill(os.getpid(), signal.SIGKILL)
    return batch._analyze_one(job)


def _tell_pid_and_cache(job):
    """Analyse as usual, but put in ``source`` the worker's pid and whether its model was loaded already."""
    loaded = bool(lawnlp._cache)
    index, report, failure = batch._analyze_one(job)
    report.source = f"{os.getpid()}:{loaded}"
    return index, report, failure


TEXTS = [f"一、主要举措\n全年调解纠纷{i}起。\n二、存在的问题\n部分干部法治意识不强。" for i in range(40)]


def test_a_dead_worker_costs_only_the_input_it_held():
    texts = list(TEXTS)
    texts[13] = f"一、主要举措\n{KILL_MARKER}。"  # 40 inputs go in chunks of 2: its neighbour is lost with it
    with pytest.warns(UserWarning, match="WorkerDied"):
        with lawnlp.Pool(2, _worker=_die_on_marker) as pool:
            df = pool.analyze_many(texts=texts, progress=False)
            again = pool.analyze_many(texts=TEXTS[:3], progress=False)  # the pool still works afterwards
    failures = df.attrs["failures"]
    assert [f.source for f in failures] == ["<text 13>"]
    assert "worker process died" in failures[0].error and "SIGKILL" in failures[0].error
    assert list(dict.fromkeys(df["source"])) == [f"<text {i}>" for i in range(40) if i != 13]
    assert len(again.attrs["reports"]) == 3


def test_pool_workers_load_the_model_once_and_serve_every_call():
    with lawnlp.Pool(2, _worker=_tell_pid_and_cache) as pool:
        first = pool.analyze_many(texts=TEXTS, progress=False)
        second = pool.analyze_many(texts=TEXTS, progress=False)
    workers = {s.split(":")[0] for s in first["source"]} | {s.split(":")[0] for s in second["source"]}
    assert len(workers) == 2  # both worked, and the second call ran on the same two processes
    assert set(first["source"].str.split(":").str[1]) == {"True"}  # the model was loaded before the first input


def test_n_process_gives_the_same_dataframe_as_one_process(seeds):
    texts = list(seeds.values())
    one = lawnlp.analyze_many(texts=texts)
    two = lawnlp.analyze_many(texts=texts, n_process=2)
    pd = pytest.importorskip("pandas")
    pd.testing.assert_frame_equal(one, two)
    assert one.attrs["reports"] == two.attrs["reports"]


def test_a_script_without_a_main_guard_runs_with_processes(tmp_path):
    script = tmp_path / "script.py"
    script.write_text("import lawnlp\n"
                      "df = lawnlp.analyze_many(texts=['一、主要举措\\n全年调解纠纷9起。'] * 3, n_process=2)\n"
                      "print(len(df.attrs['reports']))\n", encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "3"


def test_a_pool_needs_a_whole_number_of_processes():
    with pytest.raises(ValueError, match="n_process"):
        lawnlp.Pool(0)


# --- Dask ---------------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def client():
    pytest.importorskip("distributed", reason="dask is not installed: pip install 'lawnlp[dask]'")
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        with Client(cluster) as connected:
            yield connected


def _paths_and_texts(tmp_path, seeds, request):
    """Seeds as files and as texts, a missing file, and a few real reports where ../shared is beside us."""
    paths = []
    for i, text in enumerate(seeds.values()):
        paths.append(tmp_path / f"seed_{i}.txt")
        paths[-1].write_text(text, encoding="utf-8")
    paths.insert(2, tmp_path / "missing.txt")
    texts = list(seeds.values())
    try:
        texts += list(request.getfixturevalue("reports").values())[:6]
    except pytest.skip.Exception:
        pass
    return paths, texts


def test_dask_gives_the_same_dataframe_as_one_process(client, tmp_path, seeds, request):
    pd = pytest.importorskip("pandas")
    paths, texts = _paths_and_texts(tmp_path, seeds, request)
    with pytest.warns(UserWarning, match="missing.txt"):
        one = lawnlp.analyze_many(paths, texts=texts)
    with pytest.warns(UserWarning, match="missing.txt"):
        cluster = lawnlp.analyze_many(paths, texts=texts, client=client)
    pd.testing.assert_frame_equal(one, cluster)
    assert cluster.attrs["reports"] == one.attrs["reports"]
    assert cluster.attrs["failures"] == one.attrs["failures"]
    assert [f.source for f in cluster.attrs["failures"]] == [str(tmp_path / "missing.txt")]


def _loaded_pipeline():
    """On a worker: the identity of the shipped model's pipeline in its cache (None if not loaded)."""
    return id(lawnlp._cache[""]) if "" in lawnlp._cache else None


def test_dask_workers_load_the_model_once(client):
    lawnlp.analyze_many(texts=TEXTS[:6], client=client)
    first = client.run(_loaded_pipeline)
    lawnlp.analyze_many(texts=TEXTS[:6], client=client)
    assert len(first) == 2 and None not in first.values()  # each worker loaded it
    assert client.run(_loaded_pipeline) == first  # and kept it: the second call loaded nothing


def test_analyze_many_keeps_its_pool_for_the_next_call():
    lawnlp.analyze_many(texts=TEXTS[:4], n_process=2)
    (pool,) = batch._shared.values()
    executor = pool._executor
    lawnlp.analyze_many(texts=TEXTS[:4], n_process=2)
    assert list(batch._shared.values()) == [pool] and pool._executor is executor


def test_a_dead_dask_worker_costs_only_the_input_it_held():
    pytest.importorskip("distributed", reason="dask is not installed: pip install 'lawnlp[dask]'")
    import dask
    from distributed import Client, LocalCluster

    texts = list(TEXTS[:12])
    texts[5] = f"一、主要举措\n{KILL_MARKER}。"
    jobs = batch._jobs((), texts, None)
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):  # a task whose worker dies fails at once
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
            with Client(cluster) as client, pytest.warns(UserWarning, match="WorkerDied"):
                df = batch._frame(batch._dask_outcomes(client, jobs, _die_on_marker), len(jobs))
    assert [f.source for f in df.attrs["failures"]] == ["<text 5>"]
    assert len(df.attrs["reports"]) == 11


def _shipped_here():
    """On a worker: where the model directories shipped to it were unpacked."""
    return dict(batch._shipped)


def test_dask_ships_a_model_directory_to_the_workers(client, tmp_path, seeds):
    from lawnlp.pipeline import default_model_dir

    pd = pytest.importorskip("pandas")
    model = tmp_path / "model"
    shutil.copytree(default_model_dir(), model)
    texts = list(seeds.values())[:2]
    cluster = lawnlp.analyze_many(texts=texts, model=model, client=client, ship_model=True)
    pd.testing.assert_frame_equal(cluster, lawnlp.analyze_many(texts=texts, model=model))
    copies = client.run(_shipped_here).values()
    for shipped in copies:
        shutil.rmtree(shipped[str(model)], ignore_errors=True)  # the workers' temporary directory is this machine's
    for shipped in copies:  # each worker read its own copy, not the client's
        assert set(shipped) == {str(model)} and shipped[str(model)] != str(model)

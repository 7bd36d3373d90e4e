"""Unit tests of kb.background: one result format, one error path, one cleanup, no inherited fds."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from kb import background

TESTS = Path(__file__).resolve().parent
HOOKS = TESTS.parent / "hooks"


@pytest.fixture(autouse=True)
def tasks_import_from_tests(monkeypatch):
    """Children find tests/background_tasks.py (a task's function must be importable there)."""
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(TESTS), os.environ.get("PYTHONPATH")])))
    import background_tasks  # noqa: F401 - the parent pickles the functions by their module
    yield
    background.reap()


def _tasks():
    """The helper module (imported by the fixture)."""
    import background_tasks
    return background_tasks


def _gone(pid: int, timeout: float = 10.0) -> bool:
    """Whether process ``pid`` has ended (a zombie counts as ended) within ``timeout``."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            return True
        if state in ("Z", "X"):
            return True
        time.sleep(0.05)
    return False


def test_result_is_the_functions_return_value():
    assert background.start(sorted, [3, 1, 2]).result() == [1, 2, 3]


def test_a_stream_hands_every_item_to_the_function():
    task = background.stream(_tasks().count, 2, name="zählen")
    for n in range(50_000):  # more than a pipe holds: the backlog goes out in batches
        task.send(n)
    task.close()
    assert task.result() == 2 * sum(range(50_000))


def test_task_runs_in_another_process_below_the_builds_priority():
    assert background.start(os.getpid).result() != os.getpid()
    assert background.start(os.nice, 0).result() == min(os.nice(0) + background.NICENESS, 19)


def test_a_failure_names_the_task_and_carries_the_childs_message():
    task = background.start(_tasks().fail, "kaputt", name="related (de)")
    with pytest.raises(background.Failed, match=r"^related \(de\): ValueError: kaputt$"):
        task.result()


def test_a_crash_quotes_the_childs_stderr():
    task = background.start(_tasks().crash, "Speicherzugriffsfehler", name="search (en)")
    with pytest.raises(background.Failed) as err:
        task.result()
    assert "search (en): the process ended without a result (exit code 3)" in str(err.value)
    assert "Speicherzugriffsfehler" in str(err.value)


def test_the_childs_log_records_reach_the_build_once(caplog):
    with caplog.at_level(logging.WARNING):
        assert background.start(_tasks().log_warning, "Achtung: Übergröße").result() == "Achtung: Übergröße"
    assert [r.getMessage() for r in caplog.records if r.name == "mkdocs.plugins.kb.test"] == ["Achtung: Übergröße"]


def test_the_child_inherits_no_file_descriptor_of_the_build():
    read_end, write_end = os.pipe()
    os.set_inheritable(read_end, True)
    os.set_inheritable(write_end, True)
    try:
        pipe = os.readlink(f"/proc/self/fd/{write_end}")
        fds = background.start(_tasks().open_fds).result()
    finally:
        os.close(read_end)
        os.close(write_end)
    assert pipe not in fds.values()
    # stdin (the call), stdout (the result file) and stderr, and the result's own copy of stdout
    assert sorted(fds) == [0, 1, 2, 3]


def test_reap_ends_a_task_and_what_it_started(tmp_path):
    pidfile = tmp_path / "sleep.pid"
    task = background.start(_tasks().sleeper, str(pidfile), name="schläfer")
    _tasks().wait_for(str(pidfile))
    sleeper = int(pidfile.read_text())
    background.reap()
    assert _gone(task._proc.pid) and _gone(sleeper)
    assert not background._LIVE


def test_ctrl_c_in_the_build_leaves_no_process_behind(tmp_path):
    """A build interrupted while its task runs (KeyboardInterrupt) ends the task and its children."""
    pidfile = tmp_path / "sleep.pid"
    script = textwrap.dedent(f"""
        import os, signal, sys
        sys.path[:0] = [{str(HOOKS)!r}, {str(TESTS)!r}]
        from kb import background
        import background_tasks
        background.start(background_tasks.sleeper, {str(pidfile)!r})
        background_tasks.wait_for({str(pidfile)!r})
        os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C
        signal.pause()
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert proc.returncode != 0 and "KeyboardInterrupt" in proc.stderr
    assert _gone(int(pidfile.read_text()))


#: A hook that fails the German build once Pagefind runs: it waits in on_page_content of the
#: last article (``zz``) until a ``pagefind`` process of this build exists, then raises (with
#: ``KB_TEST_READY`` set: writes that file and waits to be interrupted instead). It runs before
#: the search hook's on_page_content, so ``zz`` is not queued yet and the index stays open:
#: Pagefind (started by ``aa``) waits for more pages instead of finishing a two-page index
#: before the first look (which made the test depend on how fast the machine was).
FAIL_LATE = '''
import os, time
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from pipeline import priority

MARK = os.environ["KB_TEST_MARK"]


def _pagefind_running():
    """Whether a pagefind process with this build's mark runs."""
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            env = open(f"/proc/{pid}/environ", "rb").read()
            exe = os.path.basename(os.readlink(f"/proc/{pid}/exe"))
        except OSError:
            continue
        if MARK.encode() in env and exe.startswith("pagefind"):
            return True
    return False


@event_priority(priority("search.on_page_content") + 10)
def on_page_content(html, page, config, files):
    if page.file.src_uri == "artikel/zz.md":
        end = time.monotonic() + 90
        while not _pagefind_running() and time.monotonic() < end:
            time.sleep(0.1)
        if os.environ.get("KB_TEST_READY"):
            open(os.environ["KB_TEST_READY"], "w").write(str(_pagefind_running()))
            time.sleep(120)
        raise PluginError(f"absichtlich: pagefind running {_pagefind_running()}")
    return html
'''


def _marked(mark: str) -> list[int]:
    """Processes whose environment holds ``mark`` (a build's, and everything it started)."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if mark.encode() in Path(f"/proc/{pid}/environ").read_bytes() and not _gone(int(pid), 0):
                found.append(int(pid))
        except OSError:
            continue
    return found


def _failing_project(tmp_path):
    """A project whose build fails (or waits) in the last German article while Pagefind runs."""
    from conftest import ROOT, make_project

    body = "Versicherungspflicht im Autohaus. " * 9000  # ~300 KB: the first article reaches the task at once
    article = "---\ntitle: {t}\ndescription: D.\ntopic: Autohandel\n---\n\n{b}\n"
    pages = {"artikel/aa.md": article.format(t="Erster", b=body),
             "artikel/zz.md": article.format(t="Letzter", b="Kurz.")}
    config = (ROOT / "mkdocs.yml").read_text("utf-8").replace(
        "  - hooks/incremental.py\n", "  - hooks/incremental.py\n  - hooks/fail_late.py\n")
    project = make_project(tmp_path, pages, config_text=config)
    (project / "hooks" / "fail_late.py").write_text(FAIL_LATE, "utf-8")
    return project


def _none_left(mark: str) -> bool:
    """Whether every process of the build marked ``mark`` has ended (within 10 s)."""
    end = time.monotonic() + 10
    while _marked(mark) and time.monotonic() < end:
        time.sleep(0.1)
    return _marked(mark) == []


def test_a_failed_build_leaves_no_pagefind_behind(tmp_path):
    from conftest import run_build

    project = _failing_project(tmp_path)
    mark = f"kb-test-{os.getpid()}-{time.monotonic_ns()}"
    proc = run_build(project, tmp_path / "site", env={"KB_TEST_MARK": mark})
    assert proc.returncode != 0 and "absichtlich: pagefind running True" in proc.stderr, proc.stderr
    assert _none_left(mark)


def test_ctrl_c_during_a_build_leaves_no_pagefind_behind(tmp_path):
    project = _failing_project(tmp_path)
    mark, ready = f"kb-test-{os.getpid()}-{time.monotonic_ns()}", tmp_path / "ready"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KB_TEST_MARK": mark, "KB_TEST_READY": str(ready)}
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "--site-dir", str(tmp_path / "site")],
                            cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        _tasks().wait_for(str(ready), timeout=180)
        assert ready.read_text() == "True"  # Pagefind runs
        proc.send_signal(signal.SIGINT)  # what Ctrl-C sends the build (its tasks have their own session)
        _, stderr = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode != 0 and "Aborted!" in stderr  # click's word for a KeyboardInterrupt
    assert _none_left(mark)

"""`make run` keeps the worker running: a worker that exits is started again, web and beat stay."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_procfile_runs_worker_and_beat_under_the_restarter():
    procfile = (ROOT / "Procfile").read_text()
    lines = dict(line.split(":", 1) for line in procfile.splitlines() if line.strip())

    assert "bin/keep_running.py" in lines["worker"]
    assert "celery -A iomcso worker" in lines["worker"]
    assert "bin/keep_running.py" in lines["beat"]


def test_under_honcho_a_worker_that_exits_is_restarted_and_web_keeps_running(tmp_path):
    starts = tmp_path / "starts"
    web_alive = tmp_path / "web"
    (tmp_path / "Procfile").write_text(
        f"web: {sys.executable} {tmp_path / 'web.py'}\n"
        f"worker: {sys.executable} {ROOT / 'bin' / 'keep_running.py'} --delay 0.3 -- "
        f"{sys.executable} {tmp_path / 'worker.py'}\n"
    )
    (tmp_path / "web.py").write_text(
        "import os, pathlib, time\n"
        "while True:\n"
        f"    pathlib.Path({str(web_alive)!r} + '.new').write_text(str(time.time()))\n"
        f"    os.replace({str(web_alive)!r} + '.new', {str(web_alive)!r})\n"
        "    time.sleep(0.2)\n"
    )
    (tmp_path / "worker.py").write_text(
        "import time\n"
        f"with open({str(starts)!r}, 'a') as f: f.write('start\\n')\n"
        "time.sleep(0.5)\n"
        "raise SystemExit(1)  # the worker dies\n"
    )
    honcho = subprocess.Popen(  # noqa: S603
        [str(Path(sys.executable).parent / "honcho"), "-f", str(tmp_path / "Procfile"), "start"],
        cwd=tmp_path,
        stdout=(tmp_path / "honcho.log").open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and honcho.poll() is None:
            if starts.exists() and starts.read_text().count("start") >= 3:
                break
            time.sleep(0.2)
        log = (tmp_path / "honcho.log").read_text()
        assert honcho.poll() is None, f"honcho stopped everything when the worker exited:\n{log}"
        assert starts.read_text().count("start") >= 3, log
        assert time.time() - float(web_alive.read_text()) < 3
    finally:
        if honcho.poll() is None:
            os.killpg(honcho.pid, signal.SIGTERM)
            honcho.wait(timeout=10)

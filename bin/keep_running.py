"""Runs a command and starts it again whenever it exits, until it is told to stop.

`make run` starts the web server, the Celery worker and Celery beat under honcho, which stops
all three as soon as one exits. The worker can exit on its own (a broker restart once crashed
it while restoring unacknowledged messages, see README "Failure model"), so the Procfile runs
it through this script: the worker comes back within seconds and web and beat keep running.
SIGINT/SIGTERM (Ctrl-C, honcho stopping) are passed to the command, and then this exits.

    python bin/keep_running.py [--delay SECONDS] -- command arg...
"""

import argparse
import signal
import subprocess
import sys
import time


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delay", type=float, default=2.0, help="seconds before a restart")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    arguments = parser.parse_args()
    command = arguments.command[1:] if arguments.command[:1] == ["--"] else arguments.command
    if not command:
        parser.error("no command given")

    stopping = False
    child: subprocess.Popen[bytes] | None = None

    def stop(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True
        if child is not None and child.poll() is None:
            child.send_signal(signum)

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    while True:
        child = subprocess.Popen(command)  # noqa: S603 - the Procfile's own command
        code = child.wait()
        if stopping:
            return code
        # The pause keeps a command that dies at once (bad settings) out of a tight loop.
        print(
            f"keep_running: {command[0]} exited with code {code}; "
            f"restarting in {arguments.delay:g} s",
            file=sys.stderr,
            flush=True,
        )
        time.sleep(arguments.delay)
        if stopping:
            return code


if __name__ == "__main__":
    sys.exit(main())

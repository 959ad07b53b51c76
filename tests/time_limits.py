"""Time limits as Celery enforces them, for tests of what survives one."""

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from celery.exceptions import SoftTimeLimitExceeded


@contextmanager
def soft_time_limit(seconds: float) -> Iterator[None]:
    """Raise SoftTimeLimitExceeded in this thread after ``seconds``, as Celery's soft time
    limit does: a signal (SIGUSR1) whose handler raises, wherever the thread is, in a
    database wait too. (Not SIGALRM: pytest-timeout's alarm stays armed.)"""

    def expire(signum, frame):
        raise SoftTimeLimitExceeded

    previous = signal.signal(signal.SIGUSR1, expire)
    target = threading.get_ident()
    timer = threading.Timer(seconds, lambda: signal.pthread_kill(target, signal.SIGUSR1))
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        signal.signal(signal.SIGUSR1, previous)

"""Ctrl-C interrupts a long check or scan (the GIL is taken back between steps)."""

import _thread
import signal
import threading
import time

import pytest

import uscc


@pytest.fixture
def sigint_handled():
    # A shell without job control starts background jobs with SIGINT ignored, and Python then
    # installs no handler: interrupt_main() would do nothing. Ctrl-C must be handled here.
    old = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, old)


@pytest.mark.parametrize("func", ["check", "scan"])
def test_keyboard_interrupt_stops_a_long_batch(func, sigint_handled):
    # Invalid codes take the slow path (diagnosis + suggestions): long enough to interrupt.
    values = ["91110108551385082R", "91350100M0001OOY4"] * 1_500_000
    timer = threading.Timer(0.5, _thread.interrupt_main)
    t0 = time.perf_counter()
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            getattr(uscc, func)(values)
            # Finished before the timer fired: wait for it inside the with-block.
            time.sleep(5)
    finally:
        timer.cancel()
    assert time.perf_counter() - t0 < 30

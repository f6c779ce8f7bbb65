"""ui/exports.py against Streamlit's own media manager: a pressed export's file is served until its time
is up, then gone; the same file pressed twice stays until the later press's time is up."""

from __future__ import annotations

import time

from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from ui import exports


def wait_until(condition, timeout_s: float = 30) -> bool:
    deadline = time.monotonic() + timeout_s
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.02)
    return condition()


def press(manager: MediaFileManager, build, after_s: float, timers: list | None = None) -> str:
    """What a press does on the server: Streamlit runs the callable and stores its bytes; the app's
    wrapper (export_button's on_press) has them dropped after `after_s`."""

    def on_press() -> bytes:
        data = build().encode("utf-8")
        timer = exports.drop_later(manager, data, "text/csv", "x.csv", after_s)
        if timers is not None:
            timers.append(timer)
        return data

    file_id = manager.add_deferred(on_press, "text/csv", "coords", file_name="x.csv")
    return manager.execute_deferred(file_id).rsplit("/", 1)[-1].split(".", 1)[0]


def test_a_pressed_file_is_dropped_when_its_time_is_up() -> None:
    manager = MediaFileManager(MemoryMediaFileStorage("/media"))
    file_id = press(manager, lambda: "a,b\n", after_s=0.3)
    assert manager.read_file(file_id).content == b"a,b\n"
    assert wait_until(lambda: manager.read_file(file_id) is None)
    manager.remove_orphaned_files()  # Streamlit's own sweep finds nothing left to drop
    assert manager.read_file(file_id) is None


def test_the_same_file_pressed_twice_stays_for_the_later_press() -> None:
    manager = MediaFileManager(MemoryMediaFileStorage("/media"))
    first = press(manager, lambda: "same\n", after_s=0.2)
    later: list = []
    second = press(manager, lambda: "same\n", after_s=60, timers=later)
    assert first == second
    key = (id(manager), first)
    assert wait_until(lambda: exports._pending[key] == 1)  # the first press's time is up ...
    assert manager.read_file(first) is not None  # ... and the file is still there for the second
    later[0].cancel()
    exports._drop(manager, first)  # the second press's time is up (without waiting a minute)
    assert manager.read_file(first) is None

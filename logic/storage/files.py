"""Files that hold health data: private to the clinic's own user, written whole, and told apart by identity.

- `private_umask()` (open_storage calls it): files this process creates from then on are 0600 and
  folders 0700, whatever creates them (SQLite's -wal/-shm, exports, key files, backups).
  The helpers below also set those modes explicitly, so they hold under any umask.
- `write_private` / `private_temp` / `publish`: a temporary file in the target's own folder, fsynced,
  then renamed into place and the folder fsynced, so a crash leaves the old file or the new one.
- `companions(db)`: the files SQLite keeps beside a database (-wal, -shm, -journal); `same_file`
  compares by device and inode as well as resolved path, so a hard link or symlink is recognized.
- `DatabaseLock`: every Storage on a SQLite file holds a shared `flock` on `<db>.lock` while open;
  `restore` takes it exclusively, so it cannot replace a database any process of the app still uses
  (the kernel releases the lock when a process ends, even by `kill -9`).
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - not on POSIX: no advisory locks, restore relies on SQLite's own check
    fcntl = None  # type: ignore[assignment]

FILE_MODE = 0o600
FOLDER_MODE = 0o700
UMASK = 0o077
COMPANION_SUFFIXES = ("-wal", "-shm", "-journal")


def private_umask() -> None:
    os.umask(UMASK)


def private_folder(folder: Path) -> Path:
    """Create the folder (0700); an existing one of ours is tightened to 0700."""
    folder = Path(folder).expanduser()
    folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    _tighten(folder, FOLDER_MODE)
    return folder


def private_database(path: Path) -> None:
    """Create an empty database file 0600 if there is none (SQLite gives its -wal and -shm the file's
    mode); an existing one of ours, and its companions, are tightened to 0600."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    except FileExistsError:
        for each in (path, *companions(path)):
            _tighten(each, FILE_MODE)


def _tighten(path: Path, mode: int) -> None:
    try:
        info = path.stat()
        if info.st_uid == os.geteuid() and info.st_mode & 0o777 != mode:
            os.chmod(path, mode)
    except (FileNotFoundError, AttributeError):  # AttributeError: no geteuid on this OS
        pass


def companions(database: Path) -> list[Path]:
    return [database.with_name(database.name + suffix) for suffix in COMPANION_SUFFIXES]


def same_file(a: Path, b: Path) -> bool:
    """The same file: by resolved path, or (both existing) by device and inode, so links count too."""
    if Path(a).resolve() == Path(b).resolve():
        return True
    try:
        return os.path.samestat(os.stat(a), os.stat(b))
    except FileNotFoundError:
        return False


def fsync_folder(folder: Path) -> None:
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - not every OS opens folders
        return
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def fsync_file(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


@contextmanager
def private_temp(target: Path) -> Iterator[Path]:
    """A new 0600 file beside the target, removed again unless `publish` moved it into place."""
    target = Path(target)
    temp = target.with_name(f".{target.name}.{os.getpid()}.{threading.get_ident()}.partial")
    temp.unlink(missing_ok=True)
    os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    try:
        yield temp
    finally:
        temp.unlink(missing_ok=True)


def publish(temp: Path, target: Path, replace: bool) -> None:
    """fsync the file, move it to the target and fsync the folder. Without `replace`, an existing target
    (even one that appeared a moment ago) is left alone: a hard link fails where the name exists."""
    fsync_file(temp)
    if replace:
        os.replace(temp, target)
    else:
        os.link(temp, target)  # FileExistsError if the name is taken
        temp.unlink()
    fsync_folder(target.parent)


def write_private(path: Path, data: str | bytes, replace: bool = True) -> Path:
    """Write a whole file 0600 (temporary file, fsync, rename)."""
    path = Path(path)
    with private_temp(path) as temp:
        with open(temp, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
        publish(temp, path, replace)
    return path


def append_line(path: Path, line: str) -> None:
    """Append one line to a 0600 file and fsync it (an append-only log)."""
    handle = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, FILE_MODE)
    try:
        os.write(handle, (line.rstrip("\n") + "\n").encode("utf-8"))
        os.fsync(handle)
    finally:
        os.close(handle)


def stamp(now: dt.datetime | None = None) -> str:
    """A UTC time for file names: 20261129T231500Z."""
    return (now or dt.datetime.now(dt.UTC)).strftime("%Y%m%dT%H%M%SZ")


class DatabaseInUse(Exception):
    pass


# Lock files this process holds exclusively (a restore): its own Storage opens them without a shared lock.
_exclusive: set[Path] = set()


class DatabaseLock:
    """An advisory lock on `<db>.lock`: shared while a Storage is open, exclusive for a restore."""

    def __init__(self, database: Path):
        self.path = database.with_name(database.name + ".lock")
        self._handle: int | None = None

    def acquire(self, exclusive: bool = False) -> DatabaseLock:
        if fcntl is None or (not exclusive and self.path.resolve() in _exclusive):
            return self
        handle = os.open(self.path, os.O_RDWR | os.O_CREAT, FILE_MODE)
        try:
            fcntl.flock(handle, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(handle)
            raise DatabaseInUse(str(self.path)) from None
        self._handle = handle
        if exclusive:
            _exclusive.add(self.path.resolve())
        return self

    def release(self) -> None:
        if self._handle is not None:
            _exclusive.discard(self.path.resolve())
            os.close(self._handle)  # closing the descriptor releases the flock
            self._handle = None

    def __enter__(self) -> DatabaseLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

"""Writing outputs without ever leaving a half-written file, overwriting an input or losing a write.

The one home for writing files:

- `write_atomic` writes a regular file through a temporary file beside it, renamed over the
  target; it follows a symlink to the real file (the link stays a link), writes character
  devices, FIFOs and `-` / `/dev/stdout` straight through (never replaced), keeps temporary
  names within the file-name limit, names the target in its errors, and removes temporaries
  left by a run that was killed.
- `map_lock` holds an exclusive lock (a lock file beside the map) for a read-modify-write of
  a map, so parallel imports add up instead of the last writer winning.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator, Optional, Union

PathLike = Union[str, Path]
STDOUT_NAMES = ("-", "/dev/stdout")
TEMPORARY_SUFFIX = ".jmap.tmp"
LOCK_SUFFIX = ".jmap.lock"
LOCK_WAIT_SECONDS = 60.0  # how long a write waits for another run's lock; JMAP_LOCK_TIMEOUT overrides


class WriteRefused(Exception):
    pass


def write_atomic(target: PathLike, data: bytes, inputs: Iterable[PathLike] = ()) -> list[str]:
    """Write `data` to `target` whole or not at all; returns the stray temporaries it removed."""
    if str(target) in STDOUT_NAMES:
        _write_through_fd(sys.stdout.fileno(), data, str(target))
        return []
    shown = str(target)
    real = Path(os.path.realpath(target))  # a symlink is followed: the link stays, its file changes
    for source in inputs:
        try:
            if real.exists() and os.path.samefile(real, source):
                raise WriteRefused(f"{shown}: refusing to write over an input file")
        except FileNotFoundError:
            continue
    try:
        info = os.stat(real)
    except FileNotFoundError:
        info = None
    except OSError as error:
        raise OSError(error.errno, error.strerror, shown) from None
    if info is not None and not stat.S_ISREG(info.st_mode):
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, "is a folder", shown)
        _write_through(real, data, shown)  # a device, a FIFO, a socket: never replaced by a file
        return []
    folder = real.parent
    if not folder.is_dir():  # name the target and its folder, not the temporary file
        if folder.exists():
            raise NotADirectoryError(errno.ENOTDIR, f"{folder} is not a folder", shown)
        raise FileNotFoundError(errno.ENOENT, f"folder {folder} does not exist", shown)
    removed = remove_stray_temporaries(real)
    temporary = folder / temporary_name(real.name, folder)
    try:
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as error:
        raise OSError(error.errno, f"cannot write ({error.strerror})", shown) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if info is not None:
            os.chmod(temporary, info.st_mode & 0o7777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, real)
    except BaseException as error:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        if isinstance(error, OSError) and not isinstance(error, WriteRefused):
            raise OSError(error.errno, f"cannot write ({error.strerror or error})", shown) from None
        raise
    return removed


def _write_through(path: Path, data: bytes, shown: str) -> None:
    try:
        handle = os.open(path, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
    except OSError as error:
        raise OSError(error.errno, f"cannot write ({error.strerror})", shown) from None
    try:
        _write_through_fd(handle, data, shown)
    finally:
        os.close(handle)


def _write_through_fd(handle: int, data: bytes, shown: str) -> None:
    sys.stdout.flush()
    view = memoryview(data)
    try:
        while view:
            view = view[os.write(handle, view):]
    except BrokenPipeError:
        raise
    except OSError as error:
        raise OSError(error.errno, f"cannot write ({error.strerror})", shown) from None


def _name_max(folder: PathLike) -> int:
    try:
        return os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError, AttributeError):
        return 255


def _fit(name: str, room: int) -> str:
    """The longest start of `name` whose UTF-8 form takes at most `room` bytes."""
    encoded = name.encode("utf-8", "surrogateescape")[:max(room, 0)]
    return encoded.decode("utf-8", "ignore")


def temporary_name(name: str, folder: PathLike = ".") -> str:
    """`.NAME.PID.RANDOM.jmap.tmp`, NAME shortened so the whole fits the folder's file-name limit.

    The process id lets a later run tell a live writer's temporary from one a killed run left.
    """
    tail = f".{os.getpid()}.{secrets.token_hex(4)}{TEMPORARY_SUFFIX}"
    return "." + _fit(name, _name_max(folder) - 1 - len(tail)) + "." + tail[1:]


def remove_stray_temporaries(real: Path) -> list[str]:
    """Temporaries of `real` left by runs that no longer exist (killed mid-write): removed, and named."""
    removed: list[str] = []
    prefix = "." + _fit(real.name, 40)
    try:
        names = [n for n in os.listdir(real.parent) if n.startswith(prefix) and n.endswith(TEMPORARY_SUFFIX)]
    except OSError:
        return removed
    for name in names:
        parts = name[:-len(TEMPORARY_SUFFIX)].rsplit(".", 2)
        shortened = parts[0][1:]
        if len(parts) != 3 or not parts[1].isdigit() or not (
                shortened == real.name or (len(name) >= _name_max(real.parent) - 24 and real.name.startswith(shortened))):
            continue
        if _process_alive(int(parts[1])):
            continue
        try:
            os.unlink(real.parent / name)
            removed.append(str(real.parent / name))
        except OSError:
            pass
    return removed


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True
    return True


class LockTimeout(Exception):
    """Another run held the map's lock for longer than the wait allows."""


def lock_path(target: PathLike) -> Path:
    real = Path(os.path.realpath(target))
    return real.parent / ("." + _fit(real.name, _name_max(real.parent) - 1 - len(LOCK_SUFFIX)) + LOCK_SUFFIX)


def lock_wait_seconds() -> float:
    try:
        return max(0.0, float(os.environ.get("JMAP_LOCK_TIMEOUT", LOCK_WAIT_SECONDS)))
    except ValueError:
        return LOCK_WAIT_SECONDS


@contextmanager
def map_lock(target: PathLike, wait: Optional[float] = None) -> Iterator[None]:
    """Exclusive lock for a read-modify-write of `target`: `.NAME.jmap.lock` beside the real file.

    The lock is the kernel's (flock), so a killed run never leaves it held. The file is removed
    on release; a run that locked a file someone removed meanwhile locks again.
    """
    try:
        import fcntl
    except ImportError:  # no flock here: nothing to hold
        yield
        return
    wait = lock_wait_seconds() if wait is None else wait
    path = lock_path(target)
    deadline = time.monotonic() + wait
    while True:
        try:
            handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as error:
            if error.errno in (errno.ENOENT, errno.EACCES, errno.EROFS):  # the read or write says why
                yield
                return
            raise OSError(error.errno, f"cannot create the lock file {path.name} ({error.strerror})",
                          str(target)) from None
        try:
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise LockTimeout(f"{target}: another jmap run has held its lock ({path.name}) for "
                                          f"{wait:g} s; try again when it is done (JMAP_LOCK_TIMEOUT sets the wait)") from None
                    time.sleep(0.02)
            try:
                same = os.fstat(handle).st_ino == os.stat(path).st_ino
            except FileNotFoundError:
                same = False
            if same:
                break
        except BaseException:
            os.close(handle)
            raise
        os.close(handle)  # the file was removed by the run we waited for: lock the new one
    try:
        yield
    finally:
        try:
            os.unlink(path)
        except OSError:
            pass
        os.close(handle)

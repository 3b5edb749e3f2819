"""Writing outputs without ever leaving a half-written file or overwriting an input."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path
from typing import Iterable, Union


class WriteRefused(Exception):
    pass


def write_atomic(target: Union[str, Path], data: bytes, inputs: Iterable[Union[str, Path]] = ()) -> None:
    """Write to a temporary file in the same folder, then rename over the target."""
    target = Path(target)
    for source in inputs:
        try:
            if target.exists() and os.path.samefile(target, source):
                raise WriteRefused(f"{target}: refusing to write over an input file")
        except FileNotFoundError:
            continue
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():  # name the target and its folder, not the temporary file mkstemp would fail on
        if folder.exists():
            raise NotADirectoryError(errno.ENOTDIR, f"{folder} is not a folder", str(target))
        raise FileNotFoundError(errno.ENOENT, f"folder {folder} does not exist", str(target))
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if target.exists():
            os.chmod(temporary, target.stat().st_mode & 0o777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, target)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise

"""A stable, private copy of a dropped file, made before anything reads it.

The file is opened once (never through a symbolic link), copied and hashed from that one open file,
and the copy is kept only if the file did not change while it was read: same size, same mtime, and
the name still leads to the same file. So the hash recorded is the hash of the bytes read, a file
renamed over mid-read is read again later as what it now is, and a writer that paused longer than the
settle time (or still holds the file open for writing, or locked) gets its file read once it is done.
Readers and extractors only ever see the copy. Each copy has a folder of its own: two names that are
shown alike (a cp1251 name and its escapes, two long names cut to one prefix) never share a copy."""
from __future__ import annotations

import errno
import fcntl
import hashlib
import os
import shutil
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from extractors.readers import ReadError
from extractors.readers.limits import LIMITS, size_over
from extractors.readers.processes import pid_alive
from flows.safe_names import bounded_name

CHUNK = 1 << 20
PREFIX = "srok-stage-"


class Unstable(Exception):
    """The file is being written, replaced or removed right now: try again later, it is not its fault."""


class NotRegular(ReadError):
    """A symbolic link, a folder or a device: srok reads only regular files."""


@dataclass(frozen=True)
class Staged:
    source: Path          # the dropped file
    copy: Path            # the private copy readers read, named as the file is shown, in a folder of its own
    sha256: str
    identity: tuple       # (device, inode, size, mtime_ns) of the source when it was read

    def discard(self) -> None:
        """Removes the copy (if it was not moved away) and its folder."""
        shutil.rmtree(self.copy.parent, ignore_errors=True)

    def source_unchanged(self) -> bool:
        """The dropped file is still the one that was read (not appended to, replaced or removed)."""
        try:
            return _identity(os.lstat(self.source)) == self.identity
        except OSError:
            return False


def _identity(st: os.stat_result) -> tuple:
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def kind_of(mode: int) -> str | None:
    """Why an entry of this mode is not read, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISLNK(mode):
        return "a symbolic link, not a file: srok reads only files put into the folder itself"
    if stat.S_ISDIR(mode):
        return "a folder, not a file: put the files themselves into the inbox"
    return "not a regular file (a device, pipe or socket)"


def open_for_writing_elsewhere(fd: int) -> bool | None:
    """Whether another process holds the file of ``fd`` (opened read-only) open for writing, asked of
    the kernel: a read lease is refused exactly then. None where no lease can be taken (a file of
    another owner without CAP_LEASE, a file system without leases): then ask writers_of."""
    try:
        fcntl.fcntl(fd, fcntl.F_SETLEASE, fcntl.F_RDLCK)
    except BlockingIOError:
        return True
    except OSError:
        return None
    fcntl.fcntl(fd, fcntl.F_SETLEASE, fcntl.F_UNLCK)
    return False


def writers_of(path: Path) -> list[int]:
    """Other processes that hold ``path`` open for writing (Linux /proc; [] where there is none)."""
    if not os.path.isdir("/proc/self/fd"):
        return []
    target = os.path.realpath(path)
    me = os.getpid()
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or int(pid) == me:
            continue
        try:
            fds = os.listdir(f"/proc/{pid}/fd")
        except OSError:
            continue
        for fd in fds:
            try:
                if os.readlink(f"/proc/{pid}/fd/{fd}") != target:
                    continue
                with open(f"/proc/{pid}/fdinfo/{fd}") as info:
                    flags = info.read().split("flags:")[1].split()[0]
            except (OSError, IndexError):
                continue
            if int(flags, 8) & (os.O_WRONLY | os.O_RDWR):
                found.append(int(pid))
    return found


def stage(source: Path, folder: Path) -> Staged:
    """Copies ``source`` into ``folder`` (a private staging folder) and hashes the bytes copied.
    NotRegular / ReadError for what will never be readable, Unstable for what is still changing."""
    if os.path.realpath(folder) == os.path.realpath(source.parent):
        raise ValueError("the staging folder must not be the folder of the file")
    try:
        st = os.lstat(source)
    except FileNotFoundError:
        raise Unstable("removed before it could be read") from None
    reason = kind_of(st.st_mode)
    if reason:
        raise NotRegular(reason)
    if st.st_size > LIMITS.max_file_bytes:
        raise ReadError(size_over("файл весит", st.st_size, LIMITS.max_file_bytes))
    try:   # O_NOFOLLOW: a link swapped in after the lstat is refused, not followed
        fd = os.open(source, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise Unstable("removed before it could be read") from None
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise NotRegular(kind_of(stat.S_IFLNK)) from None
        raise
    own = Path(tempfile.mkdtemp(dir=folder))   # by identity: the name as shown may be another file's too
    copy = own / bounded_name(source.name, reserve=0)   # the name as shown, cut only past 255 bytes
    try:
        opened = os.fstat(fd)
        if _identity(opened)[:2] != _identity(st)[:2]:
            raise Unstable("replaced while it was being opened")
        reason = kind_of(opened.st_mode)
        if reason:
            raise NotRegular(reason)
        try:   # a writer that locks its file (Samba, LibreOffice, many copy tools) is not done yet
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            raise Unstable("locked by the program writing it") from None
        elsewhere = open_for_writing_elsewhere(fd)
        writers = [] if elsewhere is False else writers_of(source)
        if writers or elsewhere:
            raise Unstable("still open for writing" + (f" (process {writers[0]})" if writers else ""))
        h = hashlib.sha256()
        n = 0
        with open(copy, "wb") as out:
            while chunk := os.read(fd, CHUNK):
                h.update(chunk)
                out.write(chunk)
                n += len(chunk)
        after = os.fstat(fd)
        try:
            now = os.lstat(source)
        except FileNotFoundError:
            raise Unstable("removed while it was being read") from None
        if not (_identity(opened) == _identity(after) == _identity(now) and n == opened.st_size):
            raise Unstable("changed while it was being read")
    except BaseException:
        shutil.rmtree(own, ignore_errors=True)
        raise
    finally:
        os.close(fd)
    return Staged(source, copy, h.hexdigest(), _identity(opened))


def private_folder() -> tempfile.TemporaryDirectory:
    """A staging folder of this process (`srok ingest`); ones of processes killed meanwhile are removed."""
    for stale in Path(tempfile.gettempdir()).glob(f"{PREFIX}*-*"):
        pid = stale.name[len(PREFIX):].split("-")[0]
        if pid.isdigit() and not pid_alive(int(pid)):
            shutil.rmtree(stale, ignore_errors=True)
    return tempfile.TemporaryDirectory(prefix=f"{PREFIX}{os.getpid()}-")

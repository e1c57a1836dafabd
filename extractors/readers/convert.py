"""Legacy formats (.doc, .rtf, .odt) converted to DOCX by headless LibreOffice, where it is installed.

LibreOffice runs in a process group of its own (soffice forks soffice.bin), recorded in a registry
folder while it runs, so a timeout, a killed reader worker or a killed service never leaves a
soffice.bin behind: the group is killed as a whole, and leftovers of dead owners are killed on the
next start (`kill_orphaned_conversions`).

A conversion reaches no network (issue 25: an .odt's linked image, object or style background and a
.doc's linked image were fetched over HTTP while converting), by two layers that each suffice alone:
LibreOffice's own settings in its fresh profile (links never updated, images of untrusted documents
not loaded, every HTTP, HTTPS and FTP request sent to a proxy on a closed port of this machine), and,
where the machine allows, a network namespace of its own (`unshare -n`, or `unshare -rn` without
root), which has no network at all, not even this machine's loopback."""
from __future__ import annotations

import functools
import os
import re
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from extractors.readers.base import ReadError, UnsupportedFormat
from extractors.readers.processes import pid_alive

TIMEOUT_S = 120
# What the text of a real letter is made of; random bytes behind an OLE or RTF header convert to
# CJK, Hangul or Latin-1 soup instead.
READABLE = re.compile(r"[А-Яа-яЁёA-Za-z0-9\s.,;:!?()\[\]{}«»„“”\"'‘’\-–—№%/\\*+=<>@#&_§°…|~^$€₽]")
MAX_UNREADABLE_SHARE = 0.2
DEAD_PROXY = ("127.0.0.1", "1")   # nothing listens on port 1: a request through it gets no answer
OFFLINE_SETTINGS = {   # configuration path -> {property: value}, written into each conversion's profile
    "/org.openoffice.Office.Writer/Content/Update": {"Link": "0"},   # 0: never update links
    "/org.openoffice.Office.Common/Security/Scripting": {"BlockUntrustedRefererLinks": "true"},
    "/org.openoffice.Inet/Settings": {
        "ooInetProxyType": "1", "ooInetNoProxy": "",   # 1: the proxies below, for every host
        **{f"ooInet{scheme}Proxy{part}": value for scheme in ("HTTP", "HTTPS", "FTP")
           for part, value in zip(("Name", "Port"), DEAD_PROXY)}},
}


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def registry() -> Path:
    """Where running conversions are recorded: one file per process group, named pgid-ownerpid."""
    d = Path(tempfile.gettempdir()) / f"srok-conversions-{os.getuid()}"
    d.mkdir(mode=0o700, exist_ok=True)
    return d


def _kill_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _office_group(pgid: int) -> bool:
    """The process group still runs LibreOffice (a stale entry's number may have been reused since)."""
    proc = Path("/proc")
    if not proc.is_dir():
        return True
    for d in proc.iterdir():
        if not d.name.isdigit():
            continue
        try:
            if os.getpgid(int(d.name)) == pgid and b"office" in (d / "cmdline").read_bytes():
                return True
        except (OSError, ProcessLookupError):
            continue
    return False


def kill_orphaned_conversions(all_of_pid: int | None = None) -> int:
    """Kills LibreOffice groups whose owning reader died (or, given ``all_of_pid``, every group that
    process owns); returns how many."""
    killed = 0
    for entry in registry().glob("*-*"):
        pgid, _, owner = entry.name.partition("-")
        if not (pgid.isdigit() and owner.isdigit()):
            continue
        if int(owner) == all_of_pid or not pid_alive(int(owner)):
            if _office_group(int(pgid)):
                _kill_group(int(pgid))
                killed += 1
            entry.unlink(missing_ok=True)
    return killed


def write_offline_profile(profile: Path) -> None:
    """A LibreOffice user profile holding OFFLINE_SETTINGS (read when soffice starts on it)."""
    items = "".join(f'<item oor:path="{path}"><prop oor:name="{name}" oor:op="fuse"><value>{value}</value></prop></item>\n'
                    for path, props in OFFLINE_SETTINGS.items() for name, value in props.items())
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        f"{items}</oor:items>\n", encoding="utf-8")


@functools.cache
def offline_prefix() -> tuple[str, ...]:
    """The command that runs a program without network, where this machine allows one: `unshare -n`
    as root, else `unshare -rn` (a user namespace); () where neither works."""
    exe = shutil.which("unshare")
    for flags in (("-n", "-rn") if os.geteuid() == 0 else ("-rn",)) if exe else ():
        try:
            if subprocess.run([exe, flags, "true"], capture_output=True, timeout=10).returncode == 0:
                return exe, flags
        except (OSError, subprocess.TimeoutExpired):
            continue
    return ()


def to_docx(path: Path, workdir: Path) -> Path:
    exe = soffice()
    if not exe:
        raise UnsupportedFormat(f"{path.suffix or 'this'} file needs LibreOffice to be read, and it is not installed "
                                "(apt-get install libreoffice-writer-nogui)")
    # a copy with a plain name: LibreOffice trips over some characters, and names its output after its input
    src = workdir / f"source{path.suffix.lower() or '.bin'}"
    shutil.copyfile(path, src)
    with tempfile.TemporaryDirectory() as profile:
        write_offline_profile(Path(profile))
        # unshare execs soffice in its own place: the process, and so its group, stay the same
        proc = subprocess.Popen([*offline_prefix(), exe, f"-env:UserInstallation=file://{profile}", "--headless",
                                 "--convert-to", "docx", "--outdir", str(workdir), str(src)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
        entry = registry() / f"{proc.pid}-{os.getpid()}"
        entry.touch()
        try:
            out_text, err_text = proc.communicate(timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            raise ReadError(f"LibreOffice did not convert the file within {TIMEOUT_S} s") from None
        finally:
            _kill_group(proc.pid)   # soffice.bin may outlive soffice
            proc.wait()
            entry.unlink(missing_ok=True)
    out = workdir / "source.docx"
    if proc.returncode != 0 or not out.exists():
        raise ReadError(f"LibreOffice could not convert the file: {(err_text or out_text).strip()[:200] or 'no output'}")
    return out


def check_converted_text(text: str) -> None:
    """A converted legacy file whose text is not text (random bytes behind a Word or RTF header) is
    refused, not loaded as garbage."""
    chars = [c for c in text if not c.isspace()]
    if len(chars) < 20:
        return   # too little to judge; an empty document is refused elsewhere
    unreadable = sum(1 for c in chars if not READABLE.match(c)) / len(chars)
    if unreadable > MAX_UNREADABLE_SHARE:
        raise ReadError(f"the converted text is garbage ({unreadable:.0%} unreadable characters): "
                        "a damaged file or not a text document")

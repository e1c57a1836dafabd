"""Soak test of the inbox (`make soak`, not part of `make test`): a real `srok watch` subprocess gets
GOOD distinct documents (small DOCX and TXT letters made here, some with hostile names) and BAD
hostile entries mixed in, dropped in batches while the watcher is killed with SIGKILL KILLS times
at random moments and restarted. Beside it a second writer works on the same register: `srok ingest`
of SECOND more documents, a folder of 10 at a time, and a `srok correct` now and then (issue 25: two
writers lost committed documents). At the end every good file must be loaded exactly once, every
correction recorded, every bad file quarantined with a reason, the inbox empty, no temp file and no
process left. Prints the figures and writes them as the "Soak" section of docs/benchmarks.md; exits
1 if any check fails.

Usage: python benchmarks/soak.py [--good 950] [--bad 50] [--second 200] [--kills 10] [--seed 14]"""
from __future__ import annotations

import argparse
import hashlib
import os
import random
import signal
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path
from tempfile import TemporaryDirectory

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402

from extractors.readers.processes import descendants, running  # noqa: E402
from warehouse.db import snapshot_path  # noqa: E402

FIXTURE_DOCX = ROOT / "fixtures" / "003_d7222e60e6a354a6.docx"
FIXTURE_PDF = ROOT / "fixtures" / "003_d7222e60e6a354a6.pdf"
SETTLE = 0.3
SECTION = "## Soak (make soak)"


def letter_text(i: int) -> str:
    return (f"ОТДЕЛ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ ГОРОДА ЛЕСОСИБИРСКА\n\nот 10.11.2020 № {10000 + i}\n\n"
            f"Образовательным учреждениям необходимо представить отчёт № {i} о ходе работ до {1 + i % 28}.12.2020.\n")


def make_docx(path: Path, i: int) -> None:
    import docx
    d = docx.Document()
    for para in letter_text(i).split("\n\n"):
        d.add_paragraph(para.strip())
    d.add_paragraph(f"Руководителям школ обеспечить участие в совещании № {i} в срок до 15.01.2021.")
    d.save(path)


def good_name(i: int, rng: random.Random) -> bytes:
    kind = rng.random()
    if kind < 0.03:
        return b"\xff\xfe bad utf8 " + str(i).encode()            # not UTF-8
    if kind < 0.06:
        return (f"{i} " + "Поручение" * 14).encode()[:240]         # near the 255-byte limit
    if kind < 0.08:
        return f"[bold]escape \x1b[31m {i}".encode()
    return f"письмо {i:04d}".encode()


def encrypted_pdf(path: Path) -> None:
    from pypdf import PdfWriter
    w = PdfWriter(clone_from=FIXTURE_PDF)
    w.encrypt("secret", algorithm="AES-256")
    w.write(path)


HOSTILE = {  # kind -> (suffix, maker(path, rng))
    "empty": (".docx", lambda p, r: p.write_bytes(b"")),
    "truncated DOCX": (".docx", lambda p, r: p.write_bytes(FIXTURE_DOCX.read_bytes()[:9000])),
    "corrupt PDF": (".pdf", lambda p, r: p.write_bytes(b"%PDF-1.7\n" + r.randbytes(4000))),
    "encrypted PDF": (".pdf", lambda p, r: encrypted_pdf(p)),
    "zip, not Word": (".docx", lambda p, r: zipfile.ZipFile(p, "w").writestr("a.txt", "x")),
    "garbage behind an OLE header": (".doc", lambda p, r: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + r.randbytes(20000))),
    "garbage behind an RTF header": (".rtf", lambda p, r: p.write_bytes(b"{\\rtf1\\ansi " + r.randbytes(20000))),
    "4 MB of text": (".txt", lambda p, r: p.write_text(letter_text(0) * 15000, encoding="utf-8")),
    "binary, not text": (".txt", lambda p, r: p.write_bytes(r.randbytes(3000))),
    "symbolic link": (".txt", None),
    "folder": ("", None),
}


def make_corpus(src: Path, outside: Path, good: int, bad: int, rng: random.Random) -> tuple[list, dict, dict]:
    """Files to drop (name bytes, made path or a marker), sha256 of each good file, kind of each bad one."""
    items, good_sha, bad_kind = [], {}, {}
    for i in range(good):
        name = good_name(i, rng) + (b".docx" if i % 2 else b".txt")
        path = Path(os.fsdecode(os.path.join(os.fsencode(src), f"g{i}".encode())))
        if i % 2:
            make_docx(path, i)
        else:
            path.write_text(letter_text(i), encoding="utf-8")
        good_sha[name] = hashlib.sha256(path.read_bytes()).hexdigest()
        items.append((name, path))
    kinds = list(HOSTILE)
    for j in range(bad):
        kind = kinds[j % len(kinds)]
        suffix, maker = HOSTILE[kind]
        stem = (f"плохой {j:02d}" if j % 7 else f"плохой {j:02d} " + "Поручение" * 13).encode()
        if j % 11 == 5:
            stem = b"\xfe\xfd " + stem
        name = stem[:250 - len(suffix)] + suffix.encode()   # within 255 bytes, possibly cut mid-letter
        path = src / f"b{j}"
        if maker:
            maker(path, rng)
            items.append((name, path))
        else:
            items.append((name, kind))
        bad_kind[name] = kind
    rng.shuffle(items)
    outside.write_text(letter_text(999_999).replace("отчёт", "секретный отчёт"), encoding="utf-8")
    return items, good_sha, bad_kind


def drop(inbox: Path, outside: Path, name: bytes, made) -> None:
    target = os.path.join(os.fsencode(inbox), name)
    if made == "symbolic link":
        os.symlink(outside, target)
    elif made == "folder":
        os.mkdir(target)
        Path(os.fsdecode(os.path.join(target, b"inside.txt"))).write_text("x", encoding="utf-8")
    else:
        os.replace(made, target)      # whole, as a copy tool that renames in does


def start(root: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "flows.cli", "watch", "--inbox", str(root / "inbox"),
                             "--archive", str(root / "archive"), "--quarantine", str(root / "quarantine"),
                             "--db", str(root / "srok.duckdb"), "--settle", str(SETTLE), "--poll"],
                            stdout=subprocess.DEVNULL, stderr=open(root / "watch.log", "ab"), cwd=ROOT,
                            start_new_session=True)


def second_writer(root: Path, count: int, first: int, stop: threading.Event) -> tuple[dict, list[str], int]:
    """`srok ingest` of ``count`` more letters, 10 to a folder, one folder after another, and a `srok
    correct` of a loaded task between two folders: sha256 of each file, the problems seen, the
    number of corrections made."""
    shas, problems, corrected = {}, [], set()
    folders = []
    for k in range(0, count, 10):
        folder = root / "second" / f"{k:04d}"
        folder.mkdir(parents=True)
        for i in range(first + k, first + min(k + 10, count)):
            path = folder / f"второй {i}.txt"
            path.write_text(letter_text(i), encoding="utf-8")
            shas[path.name.encode()] = hashlib.sha256(path.read_bytes()).hexdigest()
        folders.append(folder)
    for folder in folders:
        done = subprocess.run([sys.executable, "-m", "flows.cli", "ingest", str(folder), "--db", str(root / "srok.duckdb")],
                              capture_output=True, text=True, cwd=ROOT)
        n = len(list(folder.iterdir()))   # its last line sums up in Russian since the everyday merge
        if done.returncode or done.stdout.strip().splitlines()[-1:] != [f"{n} файлов: {n} загружено, 0 дубликатов, 0 не прочитано"]:
            problems.append(f"srok ingest {folder.name}: exit {done.returncode}, {done.stdout.strip()!r} {done.stderr[-300:]!r}")
        key = next((k for k in task_keys(root) if k not in corrected), None)
        if key:
            fix = subprocess.run([sys.executable, "-m", "flows.cli", "correct", key, "--status", "выполнено",
                                  "--who", "soak", "--why", "second writer", "--db", str(root / "srok.duckdb")],
                                 capture_output=True, text=True, cwd=ROOT)
            if fix.returncode:
                problems.append(f"srok correct {key}: exit {fix.returncode}, {fix.stderr[-300:]!r}")
            else:
                corrected.add(key)
        if stop.is_set():
            break
    return shas, problems, len(corrected)


def task_keys(root: Path) -> list[str]:
    """Keys of tasks in the analysts' copy (none before the first publish)."""
    try:
        with duckdb.connect(str(snapshot_path(root / "srok.duckdb")), read_only=True) as con:
            return [k for (k,) in con.execute("SELECT task_key FROM obligations ORDER BY doc_id, ob_no LIMIT 500").fetchall()]
    except duckdb.Error:
        return []


def in_inbox(root: Path) -> list[bytes]:
    return [n for n in os.listdir(os.fsencode(root / "inbox")) if n != b".srok"]


def done_count(root: Path) -> int:
    archived = sum(len(files) for _, _, files in os.walk(root / "archive"))
    quarantined = sum(1 for n in os.listdir(root / "quarantine") if not n.endswith(".error.txt"))
    return archived + quarantined


def run(good: int, bad: int, second: int, kills: int, seed: int) -> tuple[dict, list[str]]:
    rng = random.Random(seed)
    with TemporaryDirectory(prefix="srok-soak-") as tmp:
        root = Path(tmp)
        src = root / "made"
        for d in (src, root / "inbox", root / "archive", root / "quarantine"):
            d.mkdir()
        outside = root / "outside.txt"
        t0 = time.monotonic()
        items, good_sha, bad_kind = make_corpus(src, outside, good, bad, rng)
        print(f"made {good} good and {bad} hostile files in {time.monotonic() - t0:.0f} s", flush=True)
        total = len(items)
        thresholds = sorted(rng.sample(range(total // 20, total * 9 // 10), kills))

        def dropper() -> None:
            for k in range(0, total, 25):
                for name, made in items[k:k + 25]:
                    drop(root / "inbox", outside, name, made)
                time.sleep(rng.uniform(0.2, 1.0))
        t_start = time.monotonic()
        feeder = threading.Thread(target=dropper)
        feeder.start()
        proc = start(root)
        seconds, stop_second = {}, threading.Event()
        writer = threading.Thread(target=lambda: seconds.update(
            zip(("sha", "problems", "corrected"), second_writer(root, second, good + bad + 1000, stop_second))))
        writer.start()
        watchers, orphans, recoveries = [proc.pid], [], []
        for threshold in thresholds:
            while done_count(root) < threshold:
                time.sleep(0.05)
            time.sleep(rng.uniform(0, 0.5))          # anywhere: mid-read, mid-conversion, between commit and move
            tree = descendants(proc.pid)
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            t_kill = time.monotonic()
            deadline = t_kill + 10
            while running(tree) and time.monotonic() < deadline:
                time.sleep(0.1)
            orphans += sorted(running(tree))
            before = done_count(root)
            proc = start(root)
            watchers.append(proc.pid)
            while done_count(root) == before and time.monotonic() < t_kill + 120 and (in_inbox(root) or feeder.is_alive()):
                time.sleep(0.05)
            recoveries.append(time.monotonic() - t_kill)
            print(f"kill -9 at {threshold}/{total}: {len(tree)} child processes, all gone: {not running(tree)}, "
                  f"next file done {recoveries[-1]:.1f} s later", flush=True)
        feeder.join()
        while in_inbox(root) or any((root / "inbox" / ".srok" / "staging").iterdir()):
            time.sleep(0.2)
        writer.join()
        wall = time.monotonic() - t_start
        tree = descendants(proc.pid)
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
        time.sleep(1)
        orphans += sorted(running(tree))
        figures, problems = check(root, good_sha | seconds["sha"], bad_kind, wall, kills, orphans, recoveries)
        with duckdb.connect(str(snapshot_path(root / "srok.duckdb")), read_only=True) as con:
            recorded = con.execute("SELECT count(DISTINCT task_key) FROM corrections WHERE who = 'soak'").fetchone()[0]
        if recorded != seconds["corrected"]:
            problems.append(f"{seconds['corrected']} corrections made, {recorded} recorded")
        figures.update(second=len(seconds["sha"]), corrections=seconds["corrected"])
        return figures, seconds["problems"] + problems


def check(root: Path, good_sha: dict, bad_kind: dict, wall: float, kills: int, orphans: list,
          recoveries: list) -> tuple[dict, list[str]]:
    problems = []
    with duckdb.connect(str(snapshot_path(root / "srok.duckdb")), read_only=True) as con:
        docs = {d for (d,) in con.execute("SELECT doc_id FROM documents").fetchall()}
        loads = dict(con.execute("SELECT sha256, count(*) FROM ingest_log WHERE outcome = 'loaded' GROUP BY 1").fetchall())
        outcomes = dict(con.execute("SELECT outcome, count(*) FROM ingest_log GROUP BY 1").fetchall())
        secret = con.execute("SELECT count(*) FROM obligations WHERE text LIKE '%секретный%'").fetchone()[0]
        # every load's municipality rows written once, kills between a commit and its publish included
        astray = con.execute("SELECT (SELECT count(*) FROM (FROM municipality_obligations EXCEPT ALL FROM _municipality_rows)) "
                             "+ (SELECT count(*) FROM (FROM _municipality_rows EXCEPT ALL FROM municipality_obligations))"
                             ).fetchone()[0]
        municipality_rows = con.execute("SELECT count(*) FROM municipality_obligations").fetchone()[0]
    missing = [n for n, sha in good_sha.items() if sha not in docs]
    twice = [n for n, sha in good_sha.items() if loads.get(sha, 0) != 1]
    if missing:
        problems.append(f"{len(missing)} good files not loaded, e.g. {missing[:3]}")
    if twice:
        problems.append(f"{len(twice)} good files not loaded exactly once, e.g. {twice[:3]}")
    if len(docs) != len(set(good_sha.values())):
        problems.append(f"{len(docs)} documents in the register for {len(good_sha)} good files")
    if secret:
        problems.append("a file outside the inbox was read through a link")
    if astray or not municipality_rows:
        problems.append(f"municipality rows not as their view defines them: {astray} rows differ, {municipality_rows} stored")
    notes = [(root / "quarantine" / n).read_text(encoding="utf-8")
             for n in os.listdir(root / "quarantine") if n.endswith(".error.txt")]
    kinds = set()
    for name, kind in bad_kind.items():
        shown = os.fsdecode(name).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        if not any(note.startswith(shown + ": ") and len(note) > len(shown) + 3 for note in notes):
            problems.append(f"hostile file ({kind}) {shown!r} not quarantined with a reason")
        kinds.add(kind)
    if len(notes) != len(bad_kind):
        problems.append(f"{len(notes)} quarantined for {len(bad_kind)} hostile files")
    leftovers = [p for p in root.glob(".*.tmp")] + list((root / "inbox" / ".srok" / "staging").iterdir())
    if leftovers:
        problems.append(f"temp files left: {leftovers[:3]}")
    if orphans:
        problems.append(f"processes left after kill -9 or exit: {orphans}")
    figures = {
        "files": len(good_sha) + len(bad_kind), "good": len(good_sha), "hostile": len(bad_kind), "kills": kills,
        "wall_s": wall, "per_file_s": wall / (len(good_sha) + len(bad_kind)),
        "duplicates": outcomes.get("duplicate", 0), "failed": outcomes.get("failed", 0),
        "recovery_s": max(recoveries) if recoveries else 0.0, "orphans": len(orphans), "leftovers": len(leftovers),
        "kinds": len(kinds), "municipality_rows": municipality_rows, "astray": astray,
    }
    return figures, problems


def write_section(f: dict, problems: list[str]) -> None:
    out = ROOT / "docs" / "benchmarks.md"
    text = out.read_text(encoding="utf-8") if out.exists() else "# srok benchmarks\n"
    before, _, after = text.partition(SECTION)
    rest = after[after.index("\n## "):] if "\n## " in after else ""   # the sections after this one stay
    text = before.rstrip() + "\n\n"
    import platform
    text += (f"{SECTION}\n\nRun {time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC on {os.cpu_count()} cores, "
             f"Python {platform.python_version()}, load average {os.getloadavg()[0]:.1f} at the end; "
             "`benchmarks/soak.py`, a real `srok watch --poll` subprocess. "
             "Times depend on what else the machine runs; the checks are the point.\n\n"
             "| figure | value |\n|---|---|\n"
             f"| files dropped (good / hostile, {f['kinds']} kinds) | {f['files'] - f['second']} "
             f"({f['good'] - f['second']} / {f['hostile']}) |\n"
             f"| beside it, a second writer: `srok ingest` 10 at a time / `srok correct` | {f['second']} / "
             f"{f['corrections']} |\n"
             f"| kill -9 of the watcher, restarted each time | {f['kills']} |\n"
             f"| wall time, first file dropped to the last one loaded (both writers) | {f['wall_s']:.0f} s "
             f"({f['per_file_s']:.2f} s a file) |\n"
             f"| good files loaded exactly once | {'all' if not problems else 'NOT ALL (see below)'} |\n"
             f"| municipality rows, each as its view defines it (rows differing) | {f['municipality_rows']} ({f['astray']}) |\n"
             f"| recorded duplicates (a file caught between commit and move) | {f['duplicates']} |\n"
             f"| failed attempts recorded (hostile files) | {f['failed']} |\n"
             f"| longest wait from a kill to the next file done | {f['recovery_s']:.1f} s |\n"
             f"| processes left / temp files left | {f['orphans']} / {f['leftovers']} |\n")
    if problems:
        text += "\nProblems:\n\n" + "".join(f"- {p}\n" for p in problems)
    out.write_text(text + rest, encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--good", type=int, default=950)
    ap.add_argument("--bad", type=int, default=50)
    ap.add_argument("--second", type=int, default=200, help="documents the second writer ingests")
    ap.add_argument("--kills", type=int, default=10)
    ap.add_argument("--seed", type=int, default=14)
    a = ap.parse_args()
    figures, problems = run(a.good, a.bad, a.second, a.kills, a.seed)
    for k, v in figures.items():
        print(f"{k}: {v:.2f}" if isinstance(v, float) else f"{k}: {v}")
    for p in problems:
        print(f"PROBLEM: {p}")
    write_section(figures, problems)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

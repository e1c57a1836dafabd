"""The deltas of one base generation, and their merge, so that a query's cost does not grow with the
number of publishes since the base.

    srok.read.d/<gen>/live -> v<n>                 the symlink every view of the base reads through
    srok.read.d/<gen>/v<n>/<seq>/T.parquet         one publish: table T's rows up to load_seq <seq>
    srok.read.d/<gen>/v<n>/<seq>.<k>/T.parquet     k publishes merged into one file per table

Every delta folder costs a query each of its tables' files (open, footer, scan set-up): the
municipality query at 1M obligations took ~2.5 ms more per folder, 210 ms at 60 of them against
47–61 ms after a new base. So once the live version holds MERGE_AFTER folders the writer merges them
all into one, a cost of the rows since the base (never of the register), and the query reads at most
MERGE_AFTER folders.

Why a symlink: a merge takes k folders away and adds one, which no folder listing can show at once;
one rename of a symlink can. A query lists either the old version or the new one, whole. A folder's
name is never used again inside a generation (a merge is named by its newest publish and its count,
later publishes by larger numbers), so a name always holds the same rows: a query that listed the old
version and opens a file after the swap finds it gone and fails, never mixing the two (its path goes
through ``live``, so keeping the old version would not help it; a query keeps the files it has opened).
"""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import duckdb

MERGE_AFTER = int(os.environ.get("SROK_MERGE_AFTER_DELTAS", "8"))   # folders in the live version before a merge
FOLDER = re.compile(r"(\d+)(?:\.(\d+))?")


def literal(value: str | Path) -> str:
    """A value as an SQL string literal, for what takes no parameters (COPY, read_parquet, ATTACH) or
    must be written out for DuckDB to answer it by an index (an IN list): a folder may hold a quote."""
    return "'" + str(value).replace("'", "''") + "'"


def live(gen: Path) -> Path:
    return gen / "live"


def start(gen: Path, top: int) -> Path:
    """A new generation's first version, live, with its one folder (the base's, up to ``top``)."""
    version = gen / f"v{top:d}"
    (version / str(top)).mkdir(parents=True)
    os.symlink(version.name, live(gen))   # relative: the data folder may be moved with its base
    return version / str(top)


def folders(gen: Path) -> dict[Path, tuple[int, int]]:
    """The live version's folders -> (the newest load_seq in it, the publishes it holds)."""
    out = {}
    for p in live(gen).iterdir():
        m = FOLDER.fullmatch(p.name)
        if m:
            out[p] = (int(m.group(1)), int(m.group(2) or 1))
    return out


def watermark(gen: Path) -> tuple[int, int]:
    """(largest published load_seq, publishes since the base) of a generation."""
    found = folders(gen).values()
    return max(top for top, _ in found), sum(k for _, k in found) - 1


def merge(con: duckdb.DuckDBPyConnection, gen: Path, at_least: int | None = None) -> bool:
    """Merges the live version's folders into one, in a new version made live by one rename, when it
    holds ``at_least`` (MERGE_AFTER) of them; returns whether it did. The writer calls it after a
    publish, so no publish runs meanwhile; a kill at any step leaves the old version live and whole."""
    parts = folders(gen)
    if len(parts) < (MERGE_AFTER if at_least is None else at_least):
        return False
    top, count = max(t for t, _ in parts.values()), sum(k for _, k in parts.values())
    version = gen / f"v{top:d}"
    tmp = gen.parent / f".{os.getpid()}.v{top:d}.tmp"   # the deltas' root: clean_snapshot_temps knows it
    shutil.rmtree(tmp, ignore_errors=True)
    merged = tmp / f"{top:d}.{count:d}"
    merged.mkdir(parents=True)
    try:
        # a publish writes only the tables it has rows of; the base's first folder has every table
        for table in sorted({f.name for p in parts for f in p.glob("*.parquet")}):
            files = "[" + ", ".join(literal(p / table) for p in sorted(parts) if (p / table).exists()) + "]"
            con.execute(f"COPY (SELECT * FROM read_parquet({files}, union_by_name = true)) "
                        f"TO {literal(merged / table)} (FORMAT parquet)")
        shutil.rmtree(version, ignore_errors=True)   # left by a merge killed before its swap: never live
        os.rename(tmp, version)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    link = gen / f".live.{os.getpid()}.tmp"
    link.unlink(missing_ok=True)
    os.symlink(version.name, link)
    os.replace(link, live(gen))   # the commit point
    _remove_old_versions(gen, keep=version)
    return True


def _remove_old_versions(gen: Path, keep: Path) -> None:
    """Every version but the live one, and what a killed merge left (its symlink, its version)."""
    for p in gen.iterdir():
        if p == keep or p == live(gen):
            continue
        if p.is_dir() and not p.is_symlink():
            shutil.rmtree(p, ignore_errors=True)
        else:
            p.unlink(missing_ok=True)

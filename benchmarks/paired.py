"""Side-by-side timing: srok and its anchors (python-docx, pypdfium2, Tesseract, natasha) run as
commands in turns, srok first in one round and an anchor first in the next, in the same `make bench`.
Absolute times from quiet cores do not carry to a busy machine (issue 27: srok's own stage benchmark
ran 2× slower on a shared machine than in the docs' run); what else runs slows both sides of a pair
alike, so the ratio does. Each run keeps its 1-minute load average."""
from __future__ import annotations

import os
import statistics
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import psutil

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Run:
    wall: float    # seconds
    cpu: float     # CPU seconds of the command and every process it started
    load: float    # 1-minute load average when it ended
    out: str = ""


class Tree:
    """CPU seconds of a process and every process it starts, each sampled every 50 ms while it runs (a
    reader process a command kills at exit is never waited for, so getrusage would miss it)."""

    def __init__(self, pid: int) -> None:
        self.root, self.seen = psutil.Process(pid), {}

    def sample(self) -> None:
        try:
            tree = [self.root, *self.root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return
        for p in tree:
            try:
                t = p.cpu_times()
                self.seen[p.pid, p.create_time()] = t.user + t.system
            except psutil.NoSuchProcess:
                pass

    def cpu(self) -> float:
        return sum(self.seen.values())


def command(args: list, env: dict | None = None, check: Callable[[str], bool] | None = None,
            timeout: float = 3600) -> Run:
    """Runs a command to its end: wall and CPU seconds of its process tree, the load when it ended. An
    ``env`` value of None takes that variable away."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([str(a) for a in args], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env={k: v for k, v in {**os.environ, **(env or {})}.items() if v is not None})
    tree = Tree(proc.pid)
    while proc.poll() is None:
        tree.sample()
        if time.perf_counter() - t0 > timeout:
            proc.kill()
        time.sleep(0.05)
    wall = time.perf_counter() - t0
    out, err = proc.communicate()
    if proc.returncode != 0 or (check and not check(out)):
        raise RuntimeError(f"{' '.join(map(str, args[:3]))}: exit {proc.returncode}: {out.strip()[-300:]} {err.strip()[-300:]}")
    return Run(wall, tree.cpu(), os.getloadavg()[0], out)


@dataclass
class Pair:
    """Runs of each contender, in turns."""
    runs: dict[str, list[Run]] = field(default_factory=dict)

    def wall(self, name: str) -> float:
        return statistics.median(r.wall for r in self.runs[name])

    def cpu(self, name: str) -> float:
        return statistics.median(r.cpu for r in self.runs[name])

    def ratio(self, name: str, anchor: str, per: Callable[[Run], float] = lambda r: r.wall) -> float:
        """The median over rounds of name's time over the anchor's in the same round: how many times
        slower than the anchor (below 1: faster)."""
        return statistics.median(per(a) / per(b) for a, b in zip(self.runs[name], self.runs[anchor]))

    def load(self, *names: str) -> str:
        loads = [r.load for n in (names or self.runs) for r in self.runs[n]]
        lo, hi = min(loads), max(loads)
        return f"{lo:.1f}" if f"{lo:.1f}" == f"{hi:.1f}" else f"{lo:.1f}–{hi:.1f}"


def paired(rounds: int, contenders: dict[str, Callable[[], Run]]) -> Pair:
    """Each contender once a round; the order turns round by round, so no one always goes first."""
    pair = Pair({name: [] for name in contenders})
    names = list(contenders)
    for i in range(rounds):
        order = names[i % len(names):] + names[:i % len(names)]
        for name in order:
            pair.runs[name].append(contenders[name]())
    return pair

"""Measure one build: wall time and the peak memory of the largest single process.

``os.wait4`` returns the child's resource usage with ``ru_maxrss`` the largest
resident set of the child *or any descendant it waited for* (Linux keeps the
maximum, not the sum, in ``cmaxrss``), so a Pagefind binary started and
awaited by the build is included. A poller over ``/proc`` names which process
it was (``VmHWM`` per process, sampled every 0.1 s).
"""

from __future__ import annotations

import dataclasses
import os
import subprocess
import threading
import time
from pathlib import Path


@dataclasses.dataclass
class BuildResult:
    """What one build cost."""

    seconds: float
    cpu_s: float  #: user + system CPU seconds of the build and every descendant it waited for
    peak_rss_mb: float  #: largest single process of the build's tree, MiB
    peak_by_process: dict[str, float]  #: command name → largest VmHWM seen, MiB
    cpu_by_process: dict[str, float]  #: command name → CPU seconds (user+sys, last sample)
    returncode: int
    log: str


def _children(pid: int) -> list[int]:
    """Direct children of ``pid`` from /proc (all threads)."""
    kids: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                kids += [int(x) for x in fh.read().split()]
    except OSError:
        pass
    return kids


_TICK = os.sysconf("SC_CLK_TCK")


def _cpu(pid: int) -> float | None:
    """User + system CPU seconds of ``pid`` so far."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _TICK
    except (OSError, IndexError, ValueError):
        return None


def _hwm(pid: int) -> tuple[str, float] | None:
    """(command name, VmHWM in MiB) of ``pid``, or None once it is gone."""
    try:
        with open(f"/proc/{pid}/status") as fh:
            fields = dict(line.split(":", 1) for line in fh if ":" in line)
        return fields["Name"].strip(), int(fields.get("VmHWM", "0 kB").split()[0]) / 1024
    except (OSError, KeyError, ValueError):
        return None


class _Poller(threading.Thread):
    """Samples the high-water mark of every process in a tree until stopped."""

    def __init__(self, root: int):
        """Watch the tree below ``root``."""
        super().__init__(daemon=True)
        self.root, self.peaks, self.stop = root, {}, threading.Event()
        self.cpu: dict[int, tuple[str, float]] = {}

    def run(self) -> None:
        """Sample until :attr:`stop` is set."""
        while not self.stop.wait(0.1):
            todo, seen = [self.root], set()
            while todo:
                pid = todo.pop()
                if pid in seen:
                    continue
                seen.add(pid)
                found = _hwm(pid)
                if found:
                    name, mb = found
                    self.peaks[name] = max(self.peaks.get(name, 0.0), mb)
                    cpu = _cpu(pid)
                    if cpu is not None:
                        self.cpu[pid] = (name, cpu)
                todo += _children(pid)


def run_build(args: list[str], cwd: Path, env: dict[str, str], log_path: Path) -> BuildResult:
    """Run ``args`` in ``cwd``; return wall time, peak RSS and the log (stderr+stdout)."""
    with open(log_path, "w", encoding="utf-8") as log:
        start = time.perf_counter()
        proc = subprocess.Popen(args, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
        poller = _Poller(proc.pid)
        poller.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        poller.stop.set()
        poller.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    return BuildResult(
        seconds=seconds,
        cpu_s=usage.ru_utime + usage.ru_stime,
        peak_rss_mb=usage.ru_maxrss / 1024,  # Linux: KiB
        peak_by_process={k: round(v, 1) for k, v in sorted(poller.peaks.items())},
        cpu_by_process=_cpu_by_name(poller.cpu),
        returncode=proc.returncode,
        log=log_path.read_text("utf-8", errors="replace"),
    )


def _cpu_by_name(samples: dict[int, tuple[str, float]]) -> dict[str, float]:
    """CPU seconds summed per command name."""
    out: dict[str, float] = {}
    for name, seconds in samples.values():
        out[name] = round(out.get(name, 0.0) + seconds, 1)
    return dict(sorted(out.items()))


def tree_bytes(root: Path) -> int:
    """Total size of every file below ``root``."""
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file())

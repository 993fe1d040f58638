"""What a new file costs in a folder: kernel CPU that depends on the disk, not on our code.

Every stored recognition writes one new file, and so does the seed's design (the essential path
too). On this project's 2-core machines (ext4), creating, writing and closing a new 1.8 kB file
took from 18 to 720 µs of CPU (median of 200 to 2,000), by folder and by the minute: fresh
folders side by side on the same disk, some cheap and some dear at the same time, and all of
/tmp dear while /work was cheap a few minutes later (docs/benchmarks.md, issue 19). A server
writing into a dear folder pays up to 0.7 ms more per request than one beside it, which moves a
ratio between servers by a fifth. So the benches print this cost for each server's folder beside
their ratios. `TMPDIR=/dev/shm` puts the benches' folders on tmpfs, where a new file costs about
12 µs everywhere.
"""

import os
import statistics
import time
import uuid
from pathlib import Path

CANVAS_PNG = b"\x89PNG" + bytes(1800)  # about a page drawing's size


def new_file_cpu_us(folder: Path, count: int = 200) -> float:
    """Median CPU of this thread (user and kernel), in µs, to create `folder/<new name>` with one
    exclusive open, write a canvas PNG's worth of bytes and close it; the files are deleted again."""
    times, made = [], []
    for _ in range(count):
        path = folder / f"probe-{uuid.uuid4().hex}.png"
        started = time.thread_time_ns()
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        os.write(descriptor, CANVAS_PNG)
        os.close(descriptor)
        times.append((time.thread_time_ns() - started) / 1000)
        made.append(path)
    for path in made:
        path.unlink()
    return statistics.median(times)


def newest_folder(root: Path) -> Path:
    """The folder under `root` (or root itself) that holds the newest file: where a server writes."""
    files = [path for path in root.rglob("*") if path.is_file()]
    return max(files, key=lambda path: path.stat().st_mtime).parent if files else root


def print_new_file_costs(folders: dict[str, Path]) -> None:
    """One line: the CPU a new file costs in each server's folder (see the module's docstring)."""
    costs = ", ".join(f"{name} {new_file_cpu_us(folder):.0f} µs" for name, folder in folders.items())
    print(
        f"a new file's CPU in each server's folder, after the run (median of 200; it varies by folder and time): {costs}"
    )

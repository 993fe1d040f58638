"""A task for the queue tests: records each run as a line (O_APPEND keeps lines whole)."""

import os
import time

from django_tasks import task


@task()
def record_run(log_path: str, job: int) -> int:
    time.sleep(0.05)  # long enough for the workers' claims to interleave
    with open(log_path, "a", encoding="utf-8") as log:
        log.write(f"{job} {os.getpid()}\n")
    return job

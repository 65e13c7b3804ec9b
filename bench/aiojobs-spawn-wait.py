"""The scheduler bench's workload on aiojobs: spawn + wait of no-op jobs with limit 100.

Run by bench/cases/scheduler.ts with aiojobs' source on PYTHONPATH (`AIOJOBS_SRC`); never part of the package.
Usage: python3 aiojobs-spawn-wait.py JOBS. Prints one JSON line: {"jobs": JOBS, "ms": elapsed milliseconds}.
"""

import asyncio
import json
import sys
import time

import aiojobs

LIMIT = 100


async def noop() -> None:
    pass


async def spawn_and_wait(count: int) -> int:
    # Like the TypeScript runner: every spawn awaited (back-pressure once 10,000 are pending), then every job
    # waited for, then the scheduler closed. Waiting after spawning is the cheapest order for aiojobs: most jobs
    # have finished by then, and a finished job's wait returns its stored result.
    scheduler = aiojobs.Scheduler(limit=LIMIT)
    jobs = [await scheduler.spawn(noop()) for _ in range(count)]
    for job in jobs:
        await job.wait()
    await scheduler.close()
    return len(jobs)


async def main() -> None:
    count = int(sys.argv[1])
    await spawn_and_wait(min(count, 1_000))  # warms up the imports and the event loop
    start = time.perf_counter()
    done = await spawn_and_wait(count)
    elapsed = time.perf_counter() - start
    print(json.dumps({"jobs": done, "ms": elapsed * 1e3}))


asyncio.run(main())

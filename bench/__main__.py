"""Run the benchmarks: `python -m bench` runs all, `python -m bench relay_throughput` one."""

from __future__ import annotations

import asyncio
import sys

from bench import gateway, messaging, outbox, referrals, reporting, scheduling, surveys
from bench.harness import KAFKA, Benchmark, Row, fresh_topics, record
from peelian.provision import create_topics

BENCHMARKS: dict[str, Benchmark] = {
    # Latency first: it wants an empty topic, the throughput run leaves 20,000 events behind.
    "commit_to_handler_latency": outbox.commit_to_handler_latency,
    "relay_throughput": outbox.relay_throughput,
    "gateway": gateway.gateway_overhead,
    "reporting": reporting.submissions_and_upload,
    "messaging": messaging.fan_out,
    "referrals": referrals.webhook_deliveries,
    "surveys": surveys.results_and_submissions,
    "scheduling": scheduling.search_and_race,
}


async def main(names: list[str]) -> None:
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        sys.exit(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(BENCHMARKS)}")
    await fresh_topics("bench.")
    await create_topics(KAFKA)  # the benchmarks' own contracts are registered by now
    rows: list[Row] = []
    for name in names or list(BENCHMARKS):
        rows.extend(await BENCHMARKS[name]())
    record(rows)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1:]))

"""The phones of the lan benchmark's burst, in their own process (as phones are): every
"call next" at once, each on a new connection. Usage: python lan_burst_child.py JOB.json;
JOB holds {"host", "port", "tokens"}. Prints one JSON line: elapsed ms, statuses, labels."""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time


async def _call(host: str, port: int, token: str, n: int) -> tuple[int, str]:
    body = json.dumps({"request_id": f"burst-{n:06d}"}).encode()
    head = (f"POST /api/stall/call_next HTTP/1.1\r\nHost: {host}:{port}\r\n"
            f"Cookie: marketapp_device={token}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode()
    reader, writer = await asyncio.open_connection(host, port)
    writer.write(head + body)
    await writer.drain()
    raw = await reader.read()
    writer.close()
    status = int(raw.split(b" ", 2)[1])
    answer = json.loads(raw.split(b"\r\n\r\n", 1)[1] or b"{}")
    return status, (answer.get("result") or {}).get("label", "")


async def _burst(job: dict) -> dict:
    started = time.perf_counter()
    done = await asyncio.gather(*(_call(job["host"], job["port"], token, n)
                                  for n, token in enumerate(job["tokens"])))
    return {"elapsed_ms": (time.perf_counter() - started) * 1000,
            "statuses": [s for s, _ in done], "labels": [label for _, label in done]}


if __name__ == "__main__":
    # Real phones are other devices; here they share the laptop's cores, so they yield them
    # first to what is measured (the server's threads and the UI thread).
    if hasattr(os, "nice"):
        os.nice(10)
    job = json.loads(open(sys.argv[1], encoding="utf-8").read())
    print(json.dumps(asyncio.run(_burst(job))), flush=True)

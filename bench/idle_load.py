"""idle_load.py PORT N: N IMAP sessions (user "bench"/"bench") in IDLE on
INBOX. Prints "ready" once all are idling, waits for a line on stdin (the
driver measures memory, then delivers one message), and prints the seconds
from that line until every session has seen the new EXISTS."""
import asyncio
import sys
import time


async def line(reader):
    data = await reader.readline()
    if not data:
        raise SystemExit("idle_load: the server closed the connection")
    return data


async def session(port, idling, go, done):
    reader, writer = await asyncio.open_connection("127.0.0.1", port, limit=1 << 20)
    await line(reader)
    writer.write(b"a LOGIN bench bench\r\nb SELECT INBOX\r\nc IDLE\r\n")
    while not (await line(reader)).startswith(b"+"):
        pass
    idling()
    await go.wait()
    while not (await line(reader)).rstrip().endswith(b"EXISTS"):
        pass
    done()
    writer.write(b"DONE\r\nd LOGOUT\r\n")
    await writer.drain()
    writer.close()


async def main():
    port, n = int(sys.argv[1]), int(sys.argv[2])
    go, counts, all_idle, all_done = asyncio.Event(), {"idle": 0, "done": 0}, asyncio.Event(), asyncio.Event()

    def idling():
        counts["idle"] += 1
        if counts["idle"] == n:
            all_idle.set()

    def done():
        counts["done"] += 1
        if counts["done"] == n:
            all_done.set()

    tasks = []
    for _ in range(n):  # a few at a time, so the servers' accept queues never overflow
        tasks.append(asyncio.create_task(session(port, idling, go, done)))
        await asyncio.sleep(0.002)
    await all_idle.wait()
    print("ready", flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    start = time.perf_counter()
    go.set()
    await all_done.wait()
    print(round(time.perf_counter() - start, 3), flush=True)
    await asyncio.gather(*tasks)


asyncio.run(main())

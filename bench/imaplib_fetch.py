"""imaplib_fetch.py PORT: Python imaplib doing what bench_imap_client does, in
the same order and timed over the same span (connect to LOGOUT): LOGIN,
EXAMINE INBOX, UID SEARCH ALL, then UID FETCH (UID BODY.PEEK[]) in batches of
500 UIDs (as ranges), each batch's data dropped after counting. imaplib waits
for each command's answer before the next; that is its way. Prints
messages/s and the CPU seconds spent in that span (the interpreter's start is
not counted); the count and bytes go to stderr."""
import imaplib
import sys
import time

BATCH = 500


def ranges(uids):
    """1,2,3,5 -> "1:3,5", as our client writes a UID set."""
    out, i = [], 0
    while i < len(uids):
        j = i
        while j + 1 < len(uids) and uids[j + 1] == uids[j] + 1:
            j += 1
        out.append(str(uids[i]) if i == j else f"{uids[i]}:{uids[j]}")
        i = j + 1
    return ",".join(out)


def check(typ, data):
    if typ != "OK":
        raise SystemExit(f"imaplib_fetch: {typ} {data}")
    return data


def main():
    port = int(sys.argv[1])
    cpu_start, start = time.process_time(), time.perf_counter()
    client = imaplib.IMAP4("127.0.0.1", port)
    check(*client.login("bench", "bench"))
    check(*client.select("INBOX", readonly=True))
    uids = sorted(int(n) for n in check(*client.uid("SEARCH", "ALL"))[0].split())
    messages = size = 0
    for at in range(0, len(uids), BATCH):
        data = check(*client.uid("FETCH", ranges(uids[at:at + BATCH]), "(UID BODY.PEEK[])"))
        bodies = [item[1] for item in data if isinstance(item, tuple)]
        messages += len(bodies)
        size += sum(map(len, bodies))
    client.logout()
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    if messages != len(uids):
        raise SystemExit(f"imaplib_fetch: {messages} bodies for {len(uids)} UIDs")
    print(f"{messages} messages, {size} bytes", file=sys.stderr)
    print(round(messages / seconds, 1), round(cpu, 3))


main()

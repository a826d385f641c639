"""imap_load.py PORT MODE...: Python imaplib as the same client for the mock
and Dovecot (user "bench"/"bench", INBOX selected before timing). Prints one
figure per mode: fetch (BODY.PEEK[] 1:*, messages/s), search (UID SEARCH
SUBJECT over every message, searches/s, median of 5), envelope (FETCH 1:*
ENVELOPE BODYSTRUCTURE, messages/s)."""
import imaplib
import statistics
import sys
import time


def timed(call):
    start = time.perf_counter()
    typ, data = call()
    if typ != "OK":
        raise SystemExit(f"imap_load: {typ} {data}")
    return time.perf_counter() - start, data


def literals(data):
    return sum(1 for item in data if isinstance(item, tuple))


def fetch(client, count):
    seconds, data = timed(lambda: client.fetch("1:*", "(BODY.PEEK[])"))
    assert literals(data) == count, (literals(data), count)
    return count / seconds


def search(client, count):
    # The subject of the middle message: no index can skip to it by position.
    runs = [timed(lambda: client.uid("SEARCH", "SUBJECT", f'"bench message {count // 2}"'))[0] for _ in range(5)]
    return 1 / statistics.median(runs)


def envelope(client, count):
    seconds, data = timed(lambda: client.fetch("1:*", "(ENVELOPE BODYSTRUCTURE)"))
    return count / seconds


def main():
    port, modes = int(sys.argv[1]), sys.argv[2:]
    client = imaplib.IMAP4("127.0.0.1", port)
    client.login("bench", "bench")
    typ, data = client.select("INBOX")
    count = int(data[0])
    for mode in modes:
        print(round({"fetch": fetch, "search": search, "envelope": envelope}[mode](client, count), 2))
    client.logout()


main()

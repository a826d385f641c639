#!/usr/bin/python3
"""Reads mail with Python's imaplib: an outside IMAP client for `run` steps.

    /usr/bin/python3 "$MAILSIM_ADAPTERS/imaplib_fetch.py" --server imap --security ssl_tls \
        --auth login --user alice --password-env ALICE_PASSWORD --folder INBOX --search UNSEEN

Logs in, SELECTs the folder, UID SEARCHes it, then fetches every hit with
its own UID FETCH (BODY.PEEK[], so \\Seen is left alone unless --mark-seen).
Prints one line (see mailsim_adapter.py for the exit codes):
    fetched 3
    error BAD Request is throttled. Suggested Backoff Time: 1500 milliseconds; fetched 2 of 3
    error NO [AUTHENTICATIONFAILED] ... challenge={"status":"401",...}; fetched 0
    error tls certificate has expired; fetched 0

--connections N opens N sessions at once (each logs in and stays open) and
then fetches on each, as a pooled client would: what a session cap sees.
"""

import argparse
import imaplib
import re
import ssl
import sys

import mailsim_adapter as adapter


class Refused(Exception):
    def __init__(self, line):
        super().__init__(line)
        self.line = line


def text(data):
    """The human text of an imaplib response: bytes or a list of them."""
    if isinstance(data, (list, tuple)):
        data = data[-1] if data else b""
    if isinstance(data, bytes):
        data = data.decode("utf-8", "replace")
    return str(data)


def check(typ, data):
    if typ != "OK":
        raise Refused(f"error {typ} {text(data)}")
    return data


def imap_error_line(e):
    """imaplib words its errors in several ways; this makes them 'error NO|BAD|BYE text'."""
    message = str(e)
    m = re.match(r"^\S+ command error: (BAD|NO) \[b(['\"])(.*)\2\]$", message, re.S)
    if m:
        return f"error {m.group(1)} {m.group(3)}"
    m = re.match(r"^b(['\"])(.*)\1$", message, re.S)  # LOGIN's NO: the repr of the bytes
    if m:
        return f"error NO {m.group(2)}"
    if isinstance(e, imaplib.IMAP4.abort):
        message = re.sub(r"^command: \S+ => ", "", message)  # imaplib's wrapping of a BYE
        if message.startswith("socket error"):
            return f"error disconnected {message}"
        return f"error BYE {message}"
    return f"error NO {message}"


def open_session(args, host, port, secret):
    """Connects, does TLS and logs in; returns the imaplib.IMAP4."""
    context = adapter.tls_context(args)
    if args.security == "ssl_tls":
        imap = imaplib.IMAP4_SSL(host, port, ssl_context=context, timeout=args.timeout)
    else:
        imap = imaplib.IMAP4(host, port, timeout=args.timeout)
    try:
        if args.security == "starttls":
            imap.starttls(ssl_context=context)
        if args.auth == "login":
            check(*imap.login(args.user, secret))
        elif args.auth == "plain":
            check(*imap.authenticate("PLAIN", lambda _: f"\0{args.user}\0{secret}".encode()))
        elif args.auth == "xoauth2":
            authenticate_xoauth2(imap, args.user, secret)
    except BaseException:
        try:
            imap.shutdown()
        except Exception:
            pass
        raise
    return imap


def authenticate_xoauth2(imap, user, token):
    challenges = []
    calls = []

    def respond(challenge):
        calls.append(1)
        if len(calls) == 1:  # the server's empty "+ ": send the credentials
            return adapter.xoauth2_string(user, token).encode()
        # An error challenge (JSON): answer with an empty line; the server then says NO.
        challenges.append(challenge)
        return b""

    try:
        check(*imap.authenticate("XOAUTH2", respond))
    except (imaplib.IMAP4.error, Refused) as e:
        line = e.line if isinstance(e, Refused) else imap_error_line(e)
        suffix = " " + adapter.describe_challenge(challenges[-1]) if challenges else ""
        raise Refused(line + suffix)


def fetch_all(imap, args, progress):
    check(*imap.select(args.folder, readonly=not args.mark_seen))
    hits = check(*imap.uid("SEARCH", *args.search.split()))
    uids = text(hits).split()
    progress["total"] += len(uids)
    item = "(BODY[])" if args.mark_seen else "(BODY.PEEK[])"
    for uid in uids:
        check(*imap.uid("FETCH", uid, item))
        progress["fetched"] += 1


def failure_line(e):
    if isinstance(e, Refused):
        return e.line, adapter.EXIT_REFUSED
    if isinstance(e, imaplib.IMAP4.abort) and str(e).startswith("socket error"):
        return imap_error_line(e), adapter.EXIT_CONNECTION
    if isinstance(e, imaplib.IMAP4.error):
        return imap_error_line(e), adapter.EXIT_REFUSED
    if isinstance(e, (ssl.SSLError, OSError)):
        return adapter.connection_error(e)
    return f"error {e.__class__.__name__} {e}", adapter.EXIT_REFUSED


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    adapter.add_endpoint_arguments(parser)
    parser.add_argument("--auth", choices=["login", "plain", "xoauth2"], default="login")
    parser.add_argument("--folder", default="INBOX")
    parser.add_argument("--search", default="ALL", help="UID SEARCH criteria, e.g. UNSEEN")
    parser.add_argument("--mark-seen", action="store_true", help="fetch BODY[] (sets \\Seen)")
    parser.add_argument("--connections", type=int, default=1, help="sessions held open at once")
    args = parser.parse_args()
    if args.connections < 1:
        adapter.usage_error("--connections is at least 1")
    if not args.user:
        adapter.usage_error("--user is required")
    host, port = adapter.endpoint(args)
    secret = adapter.access_token(args) if args.auth == "xoauth2" else adapter.password(args)

    progress = {"fetched": 0, "total": 0}
    sessions = []
    try:
        for _ in range(args.connections):
            sessions.append(open_session(args, host, port, secret))
        for imap in sessions:
            fetch_all(imap, args, progress)
    except Exception as e:  # every failure becomes the one result line
        line, code = failure_line(e)
        close_all(sessions)
        total = f" of {progress['total']}" if progress["total"] else ""
        adapter.result(f"{line}; fetched {progress['fetched']}{total}", code)
    close_all(sessions)
    adapter.result(f"fetched {progress['fetched']}")


def close_all(sessions):
    for imap in sessions:
        try:
            imap.logout()
        except Exception:
            pass


if __name__ == "__main__":
    sys.exit(main())

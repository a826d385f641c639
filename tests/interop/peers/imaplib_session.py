"""One IMAP session with Python's imaplib, as a real-world IMAP client.

Usage: python3 imaplib_session.py PORT SECURITY(none|starttls|ssl_tls) CAFILE USER PASSWORD AUTH(login|plain)

Logs in, then LIST, SELECT, SEARCH, FETCH (RFC822, BODYSTRUCTURE, ENVELOPE,
BODY.PEEK[1] by UID), STORE, COPY, EXPUNGE, APPEND, NOOP and LOGOUT against a
mailbox seeded by the test. Prints what the server answered as one JSON
object (message bytes base64-encoded); the C++ test checks it. Any
failure is an exception: a non-zero exit with the traceback on stderr.
"""
import base64
import datetime
import imaplib
import json
import ssl
import sys

APPENDED = b"From: python@example.com\r\nTo: alice@example.com\r\nSubject: appended by imaplib\r\n\r\nHello.\r\n"


def text(value):
    """imaplib data items are bytes, or (header, literal) tuples when a literal came."""
    if isinstance(value, tuple):
        return "".join(text(v) for v in value)
    return value.decode("utf-8", "surrogateescape") if isinstance(value, bytes) else str(value)


def ok(answer):
    typ, data = answer
    if typ != "OK":
        raise RuntimeError(f"server said {typ}: {data!r}")
    return data


def main() -> int:
    port, security, cafile, user, password, auth = sys.argv[1:7]
    context = ssl.create_default_context(cafile=cafile) if security != "none" else None
    if security == "ssl_tls":
        imap = imaplib.IMAP4_SSL("localhost", int(port), ssl_context=context, timeout=30)
    else:
        imap = imaplib.IMAP4("localhost", int(port), timeout=30)
        if security == "starttls":
            ok(imap.starttls(ssl_context=context))
    out = {"capabilities_before_login": sorted(imap.capabilities)}
    if auth == "login":
        ok(imap.login(user, password))
    else:
        ok(imap.authenticate("PLAIN", lambda _challenge: f"\0{user}\0{password}".encode()))
    out["list"] = [text(line) for line in ok(imap.list())]
    out["exists"] = int(ok(imap.select("INBOX"))[0])

    out["search_from"] = text(ok(imap.search(None, "FROM", '"carol@example.net"'))[0])
    out["search_or"] = text(ok(imap.search(None, "OR", "SUBJECT", '"Newsletter"', "FROM", '"eve@"'))[0])
    out["search_not_header"] = text(ok(imap.search(None, "NOT", "HEADER", "Content-Type", '"multipart"'))[0])
    out["uid_search_all"] = text(ok(imap.uid("SEARCH", "ALL"))[0])

    rfc822 = ok(imap.fetch("1", "(RFC822)"))
    out["rfc822"] = base64.b64encode(rfc822[0][1]).decode()
    out["bodystructure"] = text(ok(imap.fetch("3", "(BODYSTRUCTURE)"))[0])
    out["envelope"] = text(ok(imap.fetch("6", "(ENVELOPE)"))[0])
    part = ok(imap.uid("FETCH", "2", "(BODY.PEEK[1])"))
    out["uid_fetch_part"] = base64.b64encode(part[0][1]).decode()

    out["store"] = text(ok(imap.store("1", "+FLAGS", "(\\Flagged)"))[0])
    out["copy"] = text(ok(imap.copy("1:2", "Archive"))[0])
    ok(imap.store("7", "+FLAGS.SILENT", "(\\Deleted)"))
    out["expunge"] = [text(n) for n in ok(imap.expunge()) if n is not None]
    date = imaplib.Time2Internaldate(datetime.datetime(2025, 2, 5, 10, 11, 12, tzinfo=datetime.timezone.utc))
    out["append"] = text(ok(imap.append("Archive", "(\\Seen)", date, APPENDED))[0])
    ok(imap.noop())
    ok(imap.close())
    out["logout"] = imap.logout()[0]
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())

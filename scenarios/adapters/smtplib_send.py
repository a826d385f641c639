#!/usr/bin/python3
"""Sends mail with Python's smtplib: an outside SMTP client for `run` steps.

    /usr/bin/python3 "$MAILSIM_ADAPTERS/smtplib_send.py" --server mx --security starttls \
        --auth plain --user alice --password-env ALICE_PASSWORD --count 3

Prints one line (see mailsim_adapter.py for the exit codes):
    sent 3
    error 421 4.7.0 Try again later, closing connection.; sent 2 of 3
    error 535 5.7.8 ... challenge={"status":"401",...}; sent 0 of 1    (XOAUTH2 refused)
    error tls certificate has expired; sent 0 of 1

--count N sends N messages, one after another, over one connection (a batch);
--connections N opens N sessions at once (each connects, authenticates and
stays open) and then sends one message on each, as a pooled client would:
that is what a concurrent-connection cap sees.
"""

import argparse
import smtplib
import ssl
import sys
from email.message import EmailMessage

import mailsim_adapter as adapter


class Refused(Exception):
    def __init__(self, line, code=adapter.EXIT_REFUSED):
        super().__init__(line)
        self.line, self.code = line, code


def reply_words(code, message):
    if isinstance(message, bytes):
        message = message.decode("utf-8", "replace")
    return f"{code} {message}"


def open_session(args, host, port, secret):
    """Connects, says EHLO, does TLS and authenticates; returns the smtplib.SMTP."""
    context = adapter.tls_context(args)
    if args.security == "ssl_tls":
        smtp = smtplib.SMTP_SSL(host, port, timeout=args.timeout, context=context)
    else:
        smtp = smtplib.SMTP(host, port, timeout=args.timeout)
    try:
        smtp.ehlo("adapter.example")
        if args.security == "starttls":
            smtp.starttls(context=context)  # raises SMTPNotSupportedError when not offered
            smtp.ehlo("adapter.example")
        if args.auth in ("plain", "login"):
            authenticate_basic(smtp, args, secret)
        elif args.auth == "xoauth2":
            authenticate_xoauth2(smtp, args.user, secret)
    except BaseException:
        smtp.close()
        raise
    return smtp


def authenticate_basic(smtp, args, password):
    # smtp.login() would pick the mechanism itself; the adapter uses the one asked for.
    mechanism = "auth_" + args.auth
    smtp.user, smtp.password = args.user, password
    code, resp = smtp.auth(args.auth.upper(), getattr(smtp, mechanism))
    if code != 235:
        raise smtplib.SMTPAuthenticationError(code, resp)


def authenticate_xoauth2(smtp, user, token):
    challenges = []

    def respond(challenge=None):
        if challenge is None:  # the initial response (sent with AUTH, SASL-IR style)
            return adapter.xoauth2_string(user, token)
        # An error challenge (RFC 7628 3.2.2 style JSON): answer with an empty
        # line, and the server then sends its final 535.
        challenges.append(challenge)
        return ""

    try:
        smtp.auth("XOAUTH2", respond)
    except smtplib.SMTPAuthenticationError as e:
        suffix = " " + adapter.describe_challenge(challenges[-1]) if challenges else ""
        raise Refused("error " + reply_words(e.smtp_code, e.smtp_error) + suffix)


def message(args, n):
    m = EmailMessage()
    m["From"] = args.mail_from
    m["To"] = ", ".join(args.to)
    m["Subject"] = args.subject if args.count == 1 and args.connections == 1 else f"{args.subject} {n}"
    m.set_content(args.text + "\n")
    return m


def send_one(smtp, args, n):
    refused = smtp.send_message(message(args, n), from_addr=args.mail_from, to_addrs=args.to)
    if refused:  # some recipients refused, others accepted: report the first
        rcpt, (code, words) = next(iter(refused.items()))
        raise Refused(f"error {reply_words(code, words)} recipient {rcpt}")


def failure_line(e):
    """(line, exit code) for an exception raised while talking to the server."""
    if isinstance(e, Refused):
        return e.line, e.code
    if isinstance(e, smtplib.SMTPRecipientsRefused):
        rcpt, (code, words) = next(iter(e.recipients.items()))
        return f"error {reply_words(code, words)} recipient {rcpt}", adapter.EXIT_REFUSED
    if isinstance(e, smtplib.SMTPResponseException):  # 4xx/5xx replies, 421 included
        return "error " + reply_words(e.smtp_code, e.smtp_error), adapter.EXIT_REFUSED
    if isinstance(e, smtplib.SMTPNotSupportedError):
        return f"error not_supported {e}", adapter.EXIT_REFUSED
    if isinstance(e, smtplib.SMTPServerDisconnected):
        return f"error disconnected {e}", adapter.EXIT_CONNECTION
    if isinstance(e, (ssl.SSLError, OSError)):
        return adapter.connection_error(e)
    return f"error {e.__class__.__name__} {e}", adapter.EXIT_REFUSED


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    adapter.add_endpoint_arguments(parser)
    parser.add_argument("--auth", choices=["none", "plain", "login", "xoauth2"], default="none")
    parser.add_argument("--from", dest="mail_from", default="smtplib@example.com")
    parser.add_argument("--to", action="append", help="repeatable (default ops@example.com)")
    parser.add_argument("--subject", default="sent by smtplib")
    parser.add_argument("--text", default="hello from smtplib")
    parser.add_argument("--count", type=int, default=1, help="messages over one connection")
    parser.add_argument("--connections", type=int, default=1, help="sessions held open at once")
    args = parser.parse_args()
    args.to = args.to or ["ops@example.com"]
    if args.count < 1 or args.connections < 1:
        adapter.usage_error("--count and --connections are at least 1")
    if args.count > 1 and args.connections > 1:
        adapter.usage_error("give --count or --connections, not both")
    if args.auth != "none" and not args.user:
        adapter.usage_error(f"--auth {args.auth} needs --user")
    host, port = adapter.endpoint(args)
    secret = None
    if args.auth in ("plain", "login"):
        secret = adapter.password(args)
    elif args.auth == "xoauth2":
        secret = adapter.access_token(args)

    total = max(args.count, args.connections)
    sent = 0
    sessions = []
    try:
        if args.connections > 1:
            for _ in range(args.connections):
                sessions.append(open_session(args, host, port, secret))
            for n, smtp in enumerate(sessions, 1):
                send_one(smtp, args, n)
                sent += 1
        else:
            sessions.append(open_session(args, host, port, secret))
            for n in range(1, args.count + 1):
                send_one(sessions[0], args, n)
                sent += 1
    except Exception as e:  # every failure becomes the one result line
        line, code = failure_line(e)
        close_all(sessions)
        adapter.result(f"{line}; sent {sent} of {total}", code)
    close_all(sessions)
    adapter.result(f"sent {sent}")


def close_all(sessions):
    for smtp in sessions:
        try:
            smtp.quit()
        except Exception:
            smtp.close()


if __name__ == "__main__":
    sys.exit(main())

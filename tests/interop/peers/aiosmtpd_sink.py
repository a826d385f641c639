"""A real SMTP server for interop tests: aiosmtpd (Debian python3-aiosmtpd)
with STARTTLS required before AUTH, one user, and every message written to a
folder exactly as aiosmtpd received it.

Usage: /usr/bin/python3 aiosmtpd_sink.py CERT KEY USER PASSWORD OUTDIR
Prints "PORT <n>" once listening on 127.0.0.1 (ephemeral port).
"""
import asyncio
import json
import os
import signal
import ssl
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


def main() -> None:
    cert, key, user, password, outdir = sys.argv[1:6]
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    counter = {"n": 0}

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            counter["n"] += 1
            base = os.path.join(outdir, f"msg-{counter['n']}")
            with open(base + ".eml", "wb") as f:
                f.write(envelope.original_content)
            with open(base + ".json", "w") as f:
                json.dump({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos,
                           "auth": session.auth_data.login.decode() if session.auth_data else None,
                           "tls": session.ssl is not None}, f)
            return "250 2.0.0 OK queued"

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and \
            auth_data.login.decode() == user and auth_data.password.decode() == password
        return AuthResult(success=ok, handled=False, auth_data=auth_data)

    def factory():
        return SMTP(Handler(), hostname="aiosmtpd.test", tls_context=context, require_starttls=True,
                    auth_required=True, auth_require_tls=True, authenticator=authenticator,
                    decode_data=False)

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    server = loop.run_until_complete(loop.create_server(factory, "127.0.0.1", 0))
    print("PORT", server.sockets[0].getsockname()[1], flush=True)
    loop.add_signal_handler(signal.SIGTERM, loop.stop)
    loop.run_forever()
    server.close()


if __name__ == "__main__":
    main()

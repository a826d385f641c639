"""A real SMTP server for the client's batch tests: aiosmtpd (Debian
python3-aiosmtpd), plaintext, with PIPELINING announced (aiosmtpd reads one
command line at a time, so pipelined input works; it just does not say so).
Every accepted message is written to OUTDIR/msg-<n>.eml in arrival order.

Scripted refusals, so that failures can be interleaved with good messages:
- RCPT to an address starting with "refuse": 550 5.1.1
- a message containing "X-Test: reject": 554 5.7.1 after its data
- a message containing "X-Test: drop": the connection is cut, no reply

Usage: /usr/bin/python3 aiosmtpd_pipelining.py OUTDIR
Prints "PORT <n>" once listening on 127.0.0.1 (ephemeral port).
"""
import asyncio
import os
import signal
import sys

from aiosmtpd.smtp import SMTP


def main() -> None:
    outdir = sys.argv[1]
    counter = {"n": 0}

    class Handler:
        async def handle_EHLO(self, server, session, envelope, hostname, responses):
            session.host_name = hostname
            return responses[:-1] + ["250-PIPELINING", responses[-1]]

        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            if address.startswith("refuse"):
                return "550 5.1.1 no such user"
            envelope.rcpt_tos.append(address)
            return "250 OK"

        async def handle_DATA(self, server, session, envelope):
            content = envelope.original_content
            if b"X-Test: drop" in content:
                server.transport.abort()
                return "421 never seen"
            if b"X-Test: reject" in content:
                return "554 5.7.1 rejected by the test peer"
            counter["n"] += 1
            with open(os.path.join(outdir, f"msg-{counter['n']}.eml"), "wb") as f:
                f.write(content)
            return f"250 2.0.0 queued as {counter['n']}"

    def factory():
        return SMTP(Handler(), hostname="aiosmtpd.test", decode_data=False)

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    server = loop.run_until_complete(loop.create_server(factory, "127.0.0.1", 0))
    print("PORT", server.sockets[0].getsockname()[1], flush=True)
    loop.add_signal_handler(signal.SIGTERM, loop.stop)
    loop.run_forever()
    server.close()


if __name__ == "__main__":
    main()

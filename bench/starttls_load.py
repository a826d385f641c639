#!/usr/bin/env python3
"""starttls_load.py HOST PORT COUNT PROCESSES: COUNT messages of 2 KB, one per
connection (EHLO, STARTTLS, EHLO, MAIL, RCPT, DATA, QUIT), from PROCESSES
processes at once; prints the messages/s. smtp-source has no STARTTLS, so this
is the generator for the STARTTLS row of issue 9 (both servers get the same
load). The certificate is not verified: the peers use self-signed ones."""
import multiprocessing
import smtplib
import socket
import ssl
import sys
import time

BODY = ("From: <sender@example.com>\r\nTo: <bench@example.com>\r\nSubject: bench\r\n\r\n"
        + ("x" * 76 + "\r\n") * 26)


def worker(host, port, count, ready, go, failures):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    ready.wait()
    go.wait()
    for _ in range(count):
        try:
            with smtplib.SMTP(host, port, timeout=30) as smtp:
                # Without it the first command after the handshake waits for
                # the server's delayed ACK of the client's Finished (~40 ms).
                smtp.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                smtp.starttls(context=context)
                smtp.sendmail("sender@example.com", ["bench@example.com"], BODY)
        except (OSError, smtplib.SMTPException) as error:
            print(f"starttls_load: {error}", file=sys.stderr)
            with failures.get_lock():
                failures.value += 1


def main():
    host, port, count, processes = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    ready = multiprocessing.Barrier(processes + 1)
    go = multiprocessing.Event()
    failures = multiprocessing.Value("i", 0)
    shares = [count // processes + (1 if i < count % processes else 0) for i in range(processes)]
    workers = [multiprocessing.Process(target=worker, args=(host, port, n, ready, go, failures)) for n in shares]
    for w in workers:
        w.start()
    ready.wait()
    start = time.monotonic()
    go.set()
    for w in workers:
        w.join()
    elapsed = time.monotonic() - start
    if failures.value:
        sys.exit(f"starttls_load: {failures.value} of {count} messages failed")
    print(round(count / elapsed, 1))


if __name__ == "__main__":
    main()

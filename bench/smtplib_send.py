"""smtplib_send.py PORT COUNT SIZE: Python smtplib sends COUNT messages of
SIZE bytes over one connection; prints messages/s (messages made before)."""
import smtplib
import sys
import time

port, count, size = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
head = "From: sender@example.com\r\nTo: bench@example.com\r\nSubject: bench\r\n\r\n"
messages = [head + (f"{i} " + "a" * 74 + "\r\n") * ((size - len(head)) // 78) for i in range(count)]
start = time.perf_counter()
with smtplib.SMTP("127.0.0.1", port) as client:
    for message in messages:
        client.sendmail("sender@example.com", ["bench@example.com"], message)
print(round(count / (time.perf_counter() - start), 1))

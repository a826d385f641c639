"""first_banner.py RUNS PORT CMD...: median milliseconds from starting CMD
until a client connected to PORT reads its first "220" greeting."""
import socket
import statistics
import subprocess
import sys
import time


def once(port, command):
    start = time.perf_counter()
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
                    if s.recv(512).startswith(b"220"):
                        return (time.perf_counter() - start) * 1000
            except OSError:
                time.sleep(0.001)
    finally:
        server.terminate()
        server.wait()


def main():
    runs, port, command = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
    print(round(statistics.median(once(port, command) for _ in range(runs)), 2))


main()

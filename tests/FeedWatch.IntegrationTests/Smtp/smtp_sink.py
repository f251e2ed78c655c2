"""A real SMTP server for the integration tests: aiosmtpd on 127.0.0.1, every message it accepts saved to a folder.

Run with Debian's Python (/usr/bin/python3 smtp_sink.py --port N --spool DIR); python3-aiosmtpd provides aiosmtpd.
Each accepted message is written as NNNN.eml (the bytes received) beside NNNN.json (the envelope), the .json first and
the .eml renamed into place last, so a reader that sees the .eml sees both. Files in the spool steer it while it runs:
  refuse  -> answer DATA with 451 (a temporary refusal), saving nothing
  hold    -> after saving a message, wait this many seconds (the file's content) before answering 250
It prints "READY <port>" once it listens, and stops when its standard input closes (the test process ended) or after
--lifetime seconds, whichever is first: it never outlives the test run.
"""
import argparse
import asyncio
import json
import os
import sys
import threading
import time

from aiosmtpd.controller import Controller


class Spool:
    def __init__(self, folder):
        self.folder = folder
        self.count = 0
        self.lock = threading.Lock()

    def _path(self, name):
        return os.path.join(self.folder, name)

    async def handle_DATA(self, server, session, envelope):
        if os.path.exists(self._path("refuse")):
            return "451 4.3.0 Mailbox busy, try again later"
        with self.lock:
            self.count += 1
            n = self.count
        base = self._path("%04d" % n)
        with open(base + ".json.tmp", "w", encoding="utf-8") as f:
            json.dump({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos}, f)
        os.replace(base + ".json.tmp", base + ".json")
        with open(base + ".eml.tmp", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        os.replace(base + ".eml.tmp", base + ".eml")
        hold = self._path("hold")
        if os.path.exists(hold):
            with open(hold, encoding="utf-8") as f:
                await asyncio.sleep(float(f.read().strip() or "0"))
        return "250 2.0.0 OK queued as %04d" % n


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--spool", required=True)
    parser.add_argument("--lifetime", type=float, default=600)
    args = parser.parse_args()
    os.makedirs(args.spool, exist_ok=True)
    controller = Controller(Spool(args.spool), hostname="127.0.0.1", port=args.port)
    controller.start()
    print("READY %d" % args.port, flush=True)
    stop = threading.Event()

    def watch_stdin():
        sys.stdin.read()  # returns at end of file: the parent closed the pipe or died
        stop.set()

    threading.Thread(target=watch_stdin, daemon=True).start()
    stop.wait(args.lifetime)
    controller.stop()


if __name__ == "__main__":
    main()

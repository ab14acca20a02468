"""A real SMTP server for the tests (Debian's python3-aiosmtpd).

Stores every accepted message as NNN.eml with a NNN.json sidecar holding the envelope, and answers chosen
recipients with the reply written in rules.json ({"rcpt": {"address": "550 5.1.1 No such user"}}), read on every RCPT.
With {"hold": {"data": "true"}} in rules.json, a message is stored but the "250" reply to DATA waits until the rule is
removed; NNN.replied is written just before that reply is sent.
Prints READY once it listens; stops on SIGTERM/SIGINT.
"""
import argparse
import asyncio
import json
import os
import signal
import threading
import time
import uuid

from aiosmtpd.controller import Controller


class Handler:
    def __init__(self, directory, rules):
        self.directory = directory
        self.rules = rules

    def _rules(self):
        try:
            with open(self.rules, encoding="utf-8") as f:
                return json.load(f)
        except (OSError, ValueError):
            return {}

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        reply = self._rules().get("rcpt", {}).get(address.lower())
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        name = "%d-%s" % (time.time_ns(), uuid.uuid4().hex[:8])
        tmp = os.path.join(self.directory, name + ".tmp")
        with open(tmp, "wb") as f:
            f.write(envelope.original_content or envelope.content)
        with open(os.path.join(self.directory, name + ".json"), "w", encoding="utf-8") as f:
            json.dump({"from": envelope.mail_from, "to": envelope.rcpt_tos}, f)
        os.replace(tmp, os.path.join(self.directory, name + ".eml"))
        while self._rules().get("hold", {}).get("data") == "true":
            await asyncio.sleep(0.05)
        open(os.path.join(self.directory, name + ".replied"), "w").close()
        return "250 Message accepted for delivery"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--rules", required=True)
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    controller = Controller(Handler(args.dir, args.rules), hostname="127.0.0.1", port=args.port)
    controller.start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    print("READY", flush=True)
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()

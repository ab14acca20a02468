"""A real SMTP server for the tests (Debian's python3-aiosmtpd).

Stores every accepted message as NNN.eml with a NNN.json sidecar holding the envelope, and answers chosen
recipients with the reply written in rules.json ({"rcpt": {"address": "550 5.1.1 No such user"}}), read on every RCPT.
With {"hold": {"data": "true"}} in rules.json, a message is stored but the "250" reply to DATA waits until the rule is
removed; NNN.replied is written just before that reply is sent.
With --user and --password the server takes mail only after AUTH PLAIN or LOGIN with exactly those (no TLS needed), and
notes the user name in the sidecar.
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
from aiosmtpd.smtp import AuthResult, LoginPassword


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
            json.dump({"from": envelope.mail_from, "to": envelope.rcpt_tos, "user": signed_in_as(session)}, f)
        os.replace(tmp, os.path.join(self.directory, name + ".eml"))
        while self._rules().get("hold", {}).get("data") == "true":
            await asyncio.sleep(0.05)
        open(os.path.join(self.directory, name + ".replied"), "w").close()
        return "250 Message accepted for delivery"


def signed_in_as(session):
    data = getattr(session, "auth_data", None)
    return data.login.decode("utf-8") if isinstance(data, LoginPassword) else None


class Authenticator:
    def __init__(self, user, password):
        self.user = user.encode("utf-8")
        self.password = password.encode("utf-8")

    def __call__(self, server, session, envelope, mechanism, auth_data):
        if isinstance(auth_data, LoginPassword) and auth_data.login == self.user and auth_data.password == self.password:
            return AuthResult(success=True, auth_data=auth_data)
        return AuthResult(success=False, handled=False)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--rules", required=True)
    parser.add_argument("--user")
    parser.add_argument("--password")
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    auth = {}
    if args.user is not None:
        auth = {"authenticator": Authenticator(args.user, args.password or ""), "auth_required": True, "auth_require_tls": False}
    controller = Controller(Handler(args.dir, args.rules), hostname="127.0.0.1", port=args.port, **auth)
    controller.start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    print("READY", flush=True)
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()

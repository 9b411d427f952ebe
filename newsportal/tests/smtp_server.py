"""A real SMTP server on 127.0.0.1 (aiosmtpd, in a thread) for the mail tests and the benchmark.

It can refuse the first messages with "451 try again later", as a busy
server does, refuse some recipients for good ("550 no such mailbox"), and
take its time over each message, as a slow one does.
"""

import asyncio
import email
import email.policy
import socket
import threading

from aiosmtpd.controller import Controller


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Handler:
    def __init__(self, server):
        self.server = server

    async def handle_RCPT(self, smtp, session, envelope, address, rcpt_options):
        if address in self.server.unknown_recipients:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, smtp, session, envelope):
        server = self.server
        with server.lock:
            server.attempts += 1
            refuse = server.refusals_left > 0
            if refuse:
                server.refusals_left -= 1
        if refuse:
            return "451 4.3.0 Too busy, try again later"
        if server.seconds_per_message:
            await asyncio.sleep(server.seconds_per_message)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with server.lock:
            server.messages.append(message)
        return "250 2.0.0 Taken"


class SmtpServer:
    """Start with `start()`, stop with `stop()`; `messages` holds what it took, parsed."""

    def __init__(self, *, refuse_first=0, seconds_per_message=0.0, port=None, unknown_recipients=()):
        self.port = port or free_port()
        self.unknown_recipients = set(unknown_recipients)
        self.refusals_left = refuse_first
        self.seconds_per_message = seconds_per_message
        self.attempts = 0
        self.messages = []
        self.lock = threading.Lock()
        self._controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port)

    def start(self):
        self._controller.start()
        return self

    def stop(self):
        self._controller.stop()

    def mailer_settings(self):
        """settings.MAILERS for Django's SMTP backend talking to this server."""
        return {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": self.port, "use_tls": False, "timeout": 10},
            }
        }

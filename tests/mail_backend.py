"""E-mail backend for tests that run the real worker: Django's file backend, with each message's envelope
recipients (Bcc included, which no header shows) written first as ``X-Envelope-To``, so a test sees who got it."""

from __future__ import annotations

from email.message import Message
from typing import Any

from django.core.mail.backends.filebased import EmailBackend as FileBackend

PATH = "tests.mail_backend.EnvelopeFileBackend"


class EnvelopeFileBackend(FileBackend):
    def write_message(self, message: Any) -> None:
        self.stream.write(f"X-Envelope-To: {', '.join(message.recipients())}\n".encode())
        super().write_message(message)


def envelope_recipients(messages: list[Message]) -> list[str]:
    return sorted(address for m in messages for address in str(m["X-Envelope-To"]).split(", ") if address)

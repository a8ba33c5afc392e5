"""Error codes of the accounts domain; the API and pages turn them into 4xx answers."""

from __future__ import annotations

from rantai.core.errors import RantaiError


class VerificationLinkInvalid(RantaiError):
    code = "verification_link_invalid"


class VerificationLinkExpired(RantaiError):
    code = "verification_link_expired"


class EmailNotVerified(RantaiError):
    status = 403
    code = "email_not_verified"


class NotAllowed(RantaiError):
    status = 403
    code = "not_allowed"

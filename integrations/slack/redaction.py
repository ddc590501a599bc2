"""Keep Slack secrets out of logs, whatever library emits the record.

Hookline's own code never logs tokens; this filter is a second line of defence for third-party debug output
(e.g. a URL with a token in its query string) and for exception messages that quote a request.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

_TOKEN = re.compile(r"\b(xox[abposr]|xapp|xoxe(?:\.xox[bp])?)-[A-Za-z0-9-]+")
REDACTED = "[redacted]"


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """Replace Slack token shapes and any of the given secret values in `text`."""
    for secret in secrets:
        if secret and len(secret) >= 6:
            text = text.replace(secret, REDACTED)
    return _TOKEN.sub(REDACTED, text)


class SecretRedactingFilter(logging.Filter):
    """A handler filter: renders the record once, redacts it, and freezes the redacted message."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record still gets logged, unredacted args dropped
            message = str(record.msg)
        cleaned = redact(message, self.secrets)
        if cleaned != message or record.args:
            record.msg, record.args = cleaned, None
        if record.exc_info and record.exc_info[1] is not None:
            exc_text = logging.Formatter().formatException(record.exc_info)
            record.exc_text = redact(exc_text, self.secrets)
        return True


def install_redaction(secrets: Iterable[str], logger: logging.Logger | None = None) -> SecretRedactingFilter:
    """Attach the filter to every handler of `logger` (default: root) so all propagated records pass it."""
    target = logger or logging.getLogger()
    secret_filter = SecretRedactingFilter(secrets)
    for handler in target.handlers:
        if not any(isinstance(f, SecretRedactingFilter) for f in handler.filters):
            handler.addFilter(secret_filter)
    return secret_filter

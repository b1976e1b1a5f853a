"""Structured (JSON) application logs. Never log names, NIR or health data: log public ids."""

import json
import logging
import re


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        payload = {
            "at": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key in ("event", "public_id", "network", "count", "status_code"):
            if hasattr(record, key):
                payload[key] = getattr(record, key)
        if record.exc_info:
            payload["exception"] = record.exc_info[0].__name__ if record.exc_info[0] else None
        return json.dumps(payload, ensure_ascii=False)


# A NIR (numéro de sécurité sociale): sex (1, 2, or 3/4/7/8 for temporary numbers), year, month
# (01-12, or 20-99 for unknown or special months), département (2 digits, 2A/2B), commune,
# order number, then an optional 2-digit key; spaces, dots or dashes may separate the groups.
NIR_PATTERN = re.compile(
    r"(?<![0-9A-Za-z])[1-478][ .-]?\d{2}[ .-]?(?:0[1-9]|1[0-2]|[2-9]\d)[ .-]?(?:\d{2}|2[AaBb])"
    r"[ .-]?\d{3}[ .-]?\d{3}(?:[ .-]?\d{2})?(?![0-9A-Za-z])"
)
REDACTED = "[NIR masqué]"


def redact_nir(text: str) -> str:
    return NIR_PATTERN.sub(REDACTED, text)


class RedactNirFilter(logging.Filter):
    """Masks anything shaped like a NIR in a log record, whatever the code passed to it."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact_nir(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        for key in ("event", "public_id", "network"):
            value = getattr(record, key, None)
            if isinstance(value, str):
                setattr(record, key, redact_nir(value))
        return True

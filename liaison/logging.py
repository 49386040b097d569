"""Keep personal data out of the logs: mobile numbers and ID-card numbers are masked in every record."""

import logging
import re

# 11-digit mainland mobile numbers and 18-character ID-card numbers, not inside longer digit runs.
MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")
ID_CARD = re.compile(r"(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[\dXx])(?![0-9A-Za-z])")


def mask_text(text: str) -> str:
    text = ID_CARD.sub(r"\1********\2", text)
    return MOBILE.sub(r"\1****\2", text)


class MaskPersonalData(logging.Filter):
    """Formats the message once, masked, so neither the message nor its arguments leak a number."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_text(message)
        if masked != message or record.args:
            record.msg, record.args = masked, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = mask_text(logging.Formatter().formatException(record.exc_info))
        elif record.exc_text:
            record.exc_text = mask_text(record.exc_text)
        return True

"""Logging filters. `QuietClientErrors`: Django logs a refused (403) or missing (404) page on
`django.request` with the exception's traceback; those are ordinary answers, not faults, so
their line stays and the traceback goes (a 5xx keeps it)."""

import logging


class QuietClientErrors(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if record.name.startswith("django.") and status is not None and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
            record.stack_info = None
        return True

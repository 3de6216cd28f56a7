"""Reading settings from the environment (every one is listed in docs/settings.md).

A value that cannot be what the setting expects stops the start with the setting's name
(ImproperlyConfigured), rather than silently becoming a default: `DEBUG=ture` is an error, not
false.  A secret may come from a file: `SECRET_KEY_FILE=/run/secrets/key` is read when
`SECRET_KEY` itself is not set (as Docker and systemd credentials give them).
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off"}


def env(name: str, default: str = "") -> str:
    """The variable `name`, else the content of the file named by `name`_FILE, else default."""
    value = os.getenv(name)
    if value is not None:
        return value
    path = os.getenv(f"{name}_FILE")
    if path:
        try:
            return Path(path).read_text(encoding="utf-8").strip()
        except OSError as error:
            raise ImproperlyConfigured(f"{name}_FILE={path}: cannot read it ({error}).") \
                from None
    return default


def envbool(name: str, default: bool) -> bool:
    value = env(name).strip().lower()
    if value == "":
        return default
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={value!r}: give one of {sorted(TRUE | FALSE)}.")


def envint(name: str, default: int) -> int:
    value = env(name).strip()
    if value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r}: give a whole number.") from None


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in (env(name) or default).split(",") if item.strip()]

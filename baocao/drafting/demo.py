"""The drafting demo (filled below)."""


def load_drafts() -> list:
    """Drafts and issued reports of the monthly rounds."""
    return []

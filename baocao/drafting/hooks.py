"""The signals drafting sends to the apps above it (they connect; drafting imports none of them)."""

from django.dispatch import Signal

# The workflow's filing step (workflow.file), sent in its transaction with draft, actor and
# reason: whoever keeps the records files the cycle's dossier, or refuses (ValidationError).
# Each answer is a dict of details written in the step's log line and audit event.
draft_filing = Signal()

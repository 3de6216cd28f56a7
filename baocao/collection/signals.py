"""What collection tells the apps above it (they listen; collection imports none of them)."""

from django.dispatch import Signal

# A round was opened without a letter issued elsewhere: an app that drafts its request letter
# answers with the draft, and the units are then told when the letter is issued (announce).
# Sent inside open_round's transaction; arguments: round, actor.
round_opened = Signal()

"""What collection tells the apps above it, without knowing them."""

from django.dispatch import Signal

# The values of a submission became official (sent) or stopped being so (returned): `keys` is
# the set of (indicator id, unit id, year) of the monthly values of the column `actual` that
# changed.  Sent inside the transaction of the send or the return.
official_changed = Signal()

# A round was opened without a letter issued elsewhere: an app that drafts its request letter
# answers with the draft, and the units are then told when the letter is issued (announce).
# Sent inside open_round's transaction; arguments: round, actor.
round_opened = Signal()

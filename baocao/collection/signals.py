"""What collection tells the apps above it, without knowing them."""

from django.dispatch import Signal

# The values of a submission became official (sent) or stopped being so (returned): `keys` is
# the set of (indicator id, unit id, year) of the monthly values of the column `actual` that
# changed.  Sent inside the transaction of the send or the return.
official_changed = Signal()

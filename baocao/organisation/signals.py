"""What the organisation app tells the apps above it, without knowing them."""

from django.dispatch import Signal

# A unit was created or moved in the tree: `unit` (its new path saved) and `old_path` ("" for a
# new unit).  Sent inside the writer's transaction.
unit_placed = Signal()

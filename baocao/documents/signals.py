"""What documents tells the apps that listen (drafting: a request letter issued is sent to its
round's units)."""

from django.dispatch import Signal

# A document was issued (numbered, sealed, its copies made): arguments document, draft, actor.
# Sent inside the transaction.
document_issued = Signal()

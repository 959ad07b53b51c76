"""Staff side of consultations: presentation only; every change goes through services.

One module per part: ``consultation`` (consultations, series, agenda, documents, action
points), ``pages`` (a consultation's staff pages), ``registrations`` (invitations and
delegates). Importing them registers the admins.
"""

from . import consultation, registrations
from .consultation import ConsultationDocumentForm

__all__ = ["ConsultationDocumentForm", "consultation", "registrations"]

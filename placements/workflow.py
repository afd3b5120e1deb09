"""How a consultation with a setting moves, as one transition table over
``placements.models.ConsultationStatus`` (whose docstring describes each state). Only
``placements.services`` change ``Consultation.status``, always through ``CONSULTATION.check``.

Why each move exists:
- sent -> answered: the setting says whether it can meet the child's needs.
- sent -> decided: the LA decides without an answer (it need not wait past the 15 days).
- answered -> decided: the LA decides whether to name the setting.
- sent/answered -> withdrawn: the LA no longer needs an answer (e.g. the family changed their
  mind); decided and withdrawn consultations are finished.
"""

from __future__ import annotations

from placements.models import ConsultationStatus as C
from sendcpp.workflow import Workflow

CONSULTATION = Workflow(
    "placements.consultation",
    C,
    {
        C.SENT: {C.ANSWERED, C.DECIDED, C.WITHDRAWN},
        C.ANSWERED: {C.DECIDED, C.WITHDRAWN},
        C.DECIDED: set(),
        C.WITHDRAWN: set(),
    },
    noun="consultation",
    start={C.SENT},
)

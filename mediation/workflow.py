"""The moves a mediation case and a tribunal appeal may make: one ``Workflow`` each
(``MEDIATION``, ``APPEAL``). "Finished" states are those with no moves out (``terminal``), derived
from the table. Services call ``MEDIATION.check`` or ``APPEAL.check`` before writing a status;
nothing else writes one."""

from __future__ import annotations

from mediation.models import AppealStatus, MediationStatus
from sendcpp.workflow import Workflow

S = MediationStatus

#: Mediation case status -> the statuses it may move to (domain spec 1.10).
MEDIATION = Workflow(
    "mediation.mediation",
    MediationStatus,
    {
        # The adviser issues a certificate (reg 34); or the family settles and stops.
        S.NOT_WANTED: {S.CERTIFICATE_ISSUED, S.WITHDRAWN},
        # The LA arranges it (or records it held straight away), cannot arrange it in 30 days,
        # or the family stops.
        S.REQUESTED: {S.ARRANGED, S.HELD, S.CANNOT_ARRANGE, S.WITHDRAWN},
        S.ARRANGED: {S.HELD, S.CANNOT_ARRANGE, S.WITHDRAWN},
        # The adviser issues the "deemed" certificate within 3 working days.
        S.CANNOT_ARRANGE: {S.CERTIFICATE_ISSUED},
        # The mediator issues the certificate within 3 working days of the mediation ending.
        S.HELD: {S.CERTIFICATE_ISSUED},
        S.CERTIFICATE_ISSUED: set(),
        S.WITHDRAWN: set(),
    },
    noun="mediation",
    # The family asked for mediation, or told the adviser they did not want it.
    start={S.REQUESTED, S.NOT_WANTED},
)

A = AppealStatus

#: Tribunal appeal status -> the statuses it may move to (domain spec 1.11).
APPEAL = Workflow(
    "mediation.appeal",
    AppealStatus,
    {
        # Conceding before the response makes the appeal unopposed (reg 45); the tribunal may
        # also decide (e.g. a consent order) before any response or hearing.
        A.REGISTERED: {A.RESPONSE_SENT, A.HEARING_LISTED, A.DECIDED, A.CONCEDED, A.WITHDRAWN},
        A.RESPONSE_SENT: {A.HEARING_LISTED, A.DECIDED, A.WITHDRAWN},
        A.HEARING_LISTED: {A.DECIDED, A.WITHDRAWN},
        # Closed once every order or conceded step is carried out (or there was none).
        A.DECIDED: {A.CLOSED},
        A.CONCEDED: {A.CLOSED},
        A.WITHDRAWN: set(),
        A.CLOSED: set(),
    },
    noun="appeal",
    start={A.REGISTERED},
)

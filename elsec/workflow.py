"""How ELSEC's processes move, one ``Workflow`` each over the ``TextChoices`` in
``elsec.models``. Services call ``EPISODE.check`` or ``REFERRAL.check`` before changing a status.

Why each move exists:
- episode: a targeted episode that is taking place finishes (then a re-screening shows progress).
- referral: a child waiting for the specialist service is seen, not accepted, or the referral is
  withdrawn; each of those is final (a new need is a new referral).
"""

from __future__ import annotations

from elsec.models import EpisodeStatus, ReferralStatus
from sendcpp.workflow import Workflow

EPISODE = Workflow(
    "elsec.episode",
    EpisodeStatus,
    {EpisodeStatus.ACTIVE: {EpisodeStatus.ENDED}, EpisodeStatus.ENDED: set()},
    noun="support episode",
    start={EpisodeStatus.ACTIVE},
)

REFERRAL = Workflow(
    "elsec.referral",
    ReferralStatus,
    {
        ReferralStatus.WAITING: {
            ReferralStatus.SEEN,
            ReferralStatus.NOT_ACCEPTED,
            ReferralStatus.WITHDRAWN,
        },
        ReferralStatus.SEEN: set(),
        ReferralStatus.NOT_ACCEPTED: set(),
        ReferralStatus.WITHDRAWN: set(),
    },
    noun="referral",
    start={ReferralStatus.WAITING},
)

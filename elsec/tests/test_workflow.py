"""ELSEC's transition tables, pinned to the moves written out here."""

from __future__ import annotations

from elsec.models import EpisodeStatus, ReferralStatus
from elsec.workflow import EPISODE, REFERRAL


def test_episode_moves():
    assert dict(EPISODE.moves) == {
        EpisodeStatus.ACTIVE: {EpisodeStatus.ENDED},
        EpisodeStatus.ENDED: set(),
    }


def test_referral_moves():
    assert dict(REFERRAL.moves) == {
        ReferralStatus.WAITING: {
            ReferralStatus.SEEN,
            ReferralStatus.NOT_ACCEPTED,
            ReferralStatus.WITHDRAWN,
        },
        ReferralStatus.SEEN: set(),
        ReferralStatus.NOT_ACCEPTED: set(),
        ReferralStatus.WITHDRAWN: set(),
    }
    assert REFERRAL.terminal == {
        ReferralStatus.SEEN,
        ReferralStatus.NOT_ACCEPTED,
        ReferralStatus.WITHDRAWN,
    }

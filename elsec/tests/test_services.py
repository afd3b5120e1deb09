"""The rules of ELSEC's services: consent before screening, scores within the measure, the
episode and referral workflows, and who may record what."""

from __future__ import annotations

from datetime import date

import pytest
from django.http import Http404

from elsec import services
from elsec.models import EpisodeFormat, EpisodeStatus, Phase, ReferralStatus, Screening
from sendcpp.exceptions import DomainError, TransitionNotAllowed
from sendcpp.models import Organisation
from sendcpp.tests.factories import OrganisationFactory

DAY = date(2026, 10, 1)


def _consent(elsec, **kwargs):
    values = {"given_by": "Grace Okafor", "given_on": DAY, "share_with_send_service": False}
    return services.record_consent(elsec.record, by=elsec.therapist, **{**values, **kwargs})


def _screen(elsec, score=10, day=DAY, **kwargs):
    return services.record_screening(
        elsec.record, tool=elsec.tool, screened_on=day, score=score, by=elsec.therapist, **kwargs
    )


def test_no_screening_without_consent(elsec):
    with pytest.raises(DomainError, match="consent"):
        _screen(elsec)
    assert not Screening.objects.exists()


def test_no_screening_before_consent_was_given(elsec):
    _consent(elsec, given_on=date(2026, 10, 5))
    with pytest.raises(DomainError, match="consent"):
        _screen(elsec, day=date(2026, 10, 4))
    assert not Screening.objects.exists()


def test_no_screening_after_consent_is_withdrawn(elsec):
    consent = _consent(elsec)
    _screen(elsec)
    services.withdraw_consent(consent, withdrawn_on=date(2026, 11, 1), by=elsec.therapist)
    with pytest.raises(DomainError, match="consent"):
        _screen(elsec, score=30, day=date(2026, 11, 2))
    assert Screening.objects.count() == 1


def test_screening_with_consent_records_the_outcome_from_the_measure(elsec):
    consent = _consent(elsec)
    below = _screen(elsec, score=24)
    at = _screen(elsec, score=25, day=date(2026, 10, 2))
    assert (below.at_expected_level, at.at_expected_level) == (False, True)
    assert below.consent == consent
    assert below.screened_by == elsec.therapist_member


def test_a_score_outside_the_measure_is_refused(elsec):
    _consent(elsec)
    with pytest.raises(DomainError, match="between 0 and 40") as caught:
        _screen(elsec, score=41)
    assert caught.value.field == "score"
    assert not Screening.objects.exists()


def test_a_screening_in_the_future_is_refused(elsec):
    _consent(elsec)
    with pytest.raises(DomainError, match="today or in the past"):
        _screen(elsec, day=date(2026, 12, 10))


def test_the_same_screening_twice_is_refused(elsec):
    _consent(elsec)
    _screen(elsec)
    with pytest.raises(DomainError, match="already recorded"):
        _screen(elsec)
    assert Screening.objects.count() == 1


def test_a_worker_not_covering_the_setting_cannot_screen(elsec):
    _consent(elsec)
    with pytest.raises(Http404):
        services.record_screening(
            elsec.record, tool=elsec.tool, screened_on=DAY, score=10, by=elsec.support_worker
        )


def test_an_inactive_worker_cannot_record(elsec, world):
    _consent(elsec)
    services.set_coverage(
        elsec.therapist_member, settings=[elsec.school], is_active=False, by=world.manager
    )
    with pytest.raises(Http404):
        _screen(elsec)


def test_targeted_episode_then_rescreening_records_progress(elsec):
    _consent(elsec)
    _screen(elsec, score=12)
    episode = services.start_episode(
        elsec.record,
        programme="Talk Boost style group",
        format=EpisodeFormat.GROUP,
        starts_on=date(2026, 10, 5),
        by=elsec.therapist,
    )
    ended = services.end_episode(
        episode, ends_on=date(2026, 11, 20), sessions_attended=18, by=elsec.therapist
    )
    assert ended.status == EpisodeStatus.ENDED
    again = _screen(elsec, score=28, day=date(2026, 11, 25), after_episode=episode)
    assert again.at_expected_level
    assert again.after_episode == episode
    with pytest.raises(TransitionNotAllowed):
        services.end_episode(
            episode, ends_on=date(2026, 11, 21), sessions_attended=19, by=elsec.therapist
        )


def test_an_episode_needs_consent_and_cannot_end_before_it_starts(elsec):
    with pytest.raises(DomainError, match="consent"):
        services.start_episode(
            elsec.record,
            programme="P",
            format=EpisodeFormat.GROUP,
            starts_on=DAY,
            by=elsec.therapist,
        )
    _consent(elsec)
    episode = services.start_episode(
        elsec.record, programme="P", format=EpisodeFormat.GROUP, starts_on=DAY, by=elsec.therapist
    )
    with pytest.raises(DomainError, match="on or after the start"):
        services.end_episode(
            episode, ends_on=date(2026, 9, 30), sessions_attended=1, by=elsec.therapist
        )
    episode.refresh_from_db()
    assert episode.status == EpisodeStatus.ACTIVE


def test_referral_waits_then_is_seen_and_cannot_change_again(elsec):
    _consent(elsec)
    referral = services.refer(
        elsec.record,
        service="Children's SLT",
        referred_on=DAY,
        reason="Unclear speech",
        by=elsec.therapist,
    )
    with pytest.raises(DomainError, match="already waiting"):
        services.refer(
            elsec.record,
            service="Children's SLT",
            referred_on=DAY,
            reason="Again",
            by=elsec.therapist,
        )
    assert referral.waiting_days(date(2026, 12, 9)) == 69
    seen = services.record_referral_outcome(
        referral,
        status=ReferralStatus.SEEN,
        decided_on=date(2026, 11, 30),
        outcome="Therapy",
        by=elsec.therapist,
    )
    assert seen.waiting_days(date(2026, 12, 9)) == 60
    with pytest.raises(TransitionNotAllowed):
        services.record_referral_outcome(
            referral,
            status=ReferralStatus.WITHDRAWN,
            decided_on=date(2026, 12, 1),
            outcome="",
            by=elsec.therapist,
        )


def test_only_the_lead_adds_settings_and_only_early_years_or_primary(elsec, world):
    college = OrganisationFactory(name="Town College", kind=Organisation.Kind.COLLEGE)
    with pytest.raises(DomainError, match="not an early years setting or primary school"):
        services.add_setting(
            elsec.pathfinder,
            organisation=college,
            phase=Phase.PRIMARY,
            joined_on=DAY,
            by=world.manager,
        )
    with pytest.raises(DomainError, match="already in the pathfinder"):
        services.add_setting(
            elsec.pathfinder,
            organisation=world.school,
            phase=Phase.PRIMARY,
            joined_on=DAY,
            by=world.manager,
        )
    new_school = OrganisationFactory(name="Hill Primary")
    for outsider in (world.coordinator, world.other_la_manager, elsec.therapist):
        with pytest.raises(Http404):
            services.add_setting(
                elsec.pathfinder,
                organisation=new_school,
                phase=Phase.PRIMARY,
                joined_on=DAY,
                by=outsider,
            )


def test_funding_periods_cannot_overlap(elsec, world):
    with pytest.raises(DomainError, match="overlaps"):
        services.add_funding_period(
            elsec.pathfinder,
            name="Overlap",
            starts_on=date(2027, 8, 1),
            ends_on=date(2028, 7, 31),
            by=world.manager,
        )


def test_audit_scores_one_point_per_item_and_refuses_unknown_items(elsec):
    audit = services.record_audit(
        elsec.school,
        audited_on=DAY,
        items_in_place=["quiet_space", "wait_time"],
        by=elsec.therapist,
    )
    assert (audit.score, audit.max_score) == (2, 10)
    with pytest.raises(DomainError, match="checklist"):
        services.record_audit(
            elsec.school, audited_on=DAY, items_in_place=["made_up"], by=elsec.therapist
        )


def test_training_needs_attendees(elsec):
    with pytest.raises(DomainError, match="names"):
        services.record_training(
            elsec.school,
            held_on=DAY,
            topic="Language-rich play",
            attendees=" \n ",
            by=elsec.therapist,
        )
    session = services.record_training(
        elsec.school,
        held_on=DAY,
        topic="Language-rich play",
        attendees="Ann\n\nBen \n",
        by=elsec.therapist,
    )
    assert session.attendee_names == ["Ann", "Ben"]


def test_the_same_thing_sent_twice_is_recorded_once(elsec):
    services.record_training(
        elsec.school, held_on=DAY, topic="Play", attendees="Ann", by=elsec.therapist
    )
    with pytest.raises(DomainError, match="already recorded"):
        services.record_training(
            elsec.school, held_on=DAY, topic="play ", attendees="Ann", by=elsec.therapist
        )
    services.record_audit(elsec.school, audited_on=DAY, items_in_place=[], by=elsec.therapist)
    with pytest.raises(DomainError, match="already recorded"):
        services.record_audit(elsec.school, audited_on=DAY, items_in_place=[], by=elsec.therapist)
    services.record_coaching_visit(elsec.school, visited_on=DAY, focus="F", by=elsec.therapist)
    with pytest.raises(DomainError, match="already recorded"):
        services.record_coaching_visit(elsec.school, visited_on=DAY, focus="F", by=elsec.therapist)
    with pytest.raises(DomainError, match="already has a record"):
        services.add_child(
            elsec.school,
            first_name="amara",
            last_name="OKAFOR",
            date_of_birth=elsec.record.child.date_of_birth,
            by=elsec.therapist,
        )
    assert elsec.school.training_sessions.count() == 1
    assert elsec.school.audits.count() == 1
    assert elsec.school.children.count() == 1


def test_one_consent_in_force_at_a_time(elsec):
    consent = _consent(elsec)
    with pytest.raises(DomainError, match="withdrawn first"):
        _consent(elsec, given_on=date(2026, 10, 2), share_with_send_service=True)
    services.withdraw_consent(consent, withdrawn_on=date(2026, 10, 2), by=elsec.therapist)
    again = _consent(elsec, given_on=date(2026, 10, 2), share_with_send_service=True)
    assert services.consent_in_force(elsec.record, date(2026, 10, 2)) == again
    assert services.consent_in_force(elsec.record, date(2026, 10, 1)) == consent


def test_the_workforce_is_professionals_or_the_councils_own_staff(elsec, world):
    from sendcpp.models import User
    from sendcpp.tests.factories import UserFactory

    for account in (
        world.other_la_manager,
        world.setting_user,
        UserFactory(username="a_parent", account_type=User.AccountType.FAMILY),
    ):
        with pytest.raises(DomainError, match="professional's account or one of the council"):
            services.add_workforce_member(
                elsec.pathfinder,
                user=account,
                role="slt",
                employer=world.la,
                settings=[],
                by=world.manager,
            )
    member = services.add_workforce_member(
        elsec.pathfinder,
        user=world.teammate,
        role="practitioner",
        employer=world.la,
        settings=[elsec.nursery],
        by=world.manager,
    )
    assert list(member.settings.all()) == [elsec.nursery]

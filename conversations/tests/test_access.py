"""Who reads and writes a case's messages is the access policy's clause (``conversations.access``):
the SENCO of the child's school or college only while the family allows, never a SENCO elsewhere,
never a partner system; ``manage.py access_rules`` prints the rule."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from conversations import services
from conversations.access import thread
from conversations.models import Message
from sendcpp import access
from sendcpp.access import Action
from sendcpp.models import AccessLog, User
from sendcpp.tests.factories import OrganisationFactory, UserFactory


def _url(case):
    return f"/conversations/cases/{case.public_id}/"


def _other_senco():
    elsewhere = OrganisationFactory(name="Hillside Academy", urn="100002")
    return UserFactory(
        username="other_senco", account_type=User.AccountType.SETTING, organisation=elsewhere
    )


def test_the_senco_reads_the_messages_only_while_the_family_allows(world, client_for):
    services.send_message(world.case, body="Can we talk about the transition?", by=world.family)
    senco = world.setting_user
    messages = Message.objects.filter(case=world.case)
    assert not access.can(senco, Action.VIEW, thread(world.case))
    assert not access.records_for(senco, messages).exists()
    assert client_for(senco).get(_url(world.case)).status_code == 404

    services.set_senco_sharing(world.case, allowed=True, by=world.family)
    assert access.can(senco, Action.VIEW, thread(world.case))
    assert access.can(senco, Action.CONTRIBUTE, thread(world.case))
    assert list(access.records_for(senco, messages)) == list(messages)
    page = client_for(senco).get(_url(world.case))
    assert page.status_code == 200
    assert "Can we talk about the transition?" in page.content.decode()
    # The SENCO reads the messages, never the rest of the case; the read is logged as such.
    assert not access.can(senco, Action.VIEW, world.case)
    assert AccessLog.objects.filter(user=senco, case=world.case, what="messages").exists()
    # Reading is not changing: the clause gives nothing else.
    assert not access.can(senco, Action.EDIT, thread(world.case))

    services.set_senco_sharing(world.case, allowed=False, by=world.family)
    assert not access.records_for(senco, messages).exists()
    assert client_for(senco).get(_url(world.case)).status_code == 404


def test_a_senco_of_another_setting_gets_404_even_when_the_family_allows(world, client_for):
    services.set_senco_sharing(world.case, allowed=True, by=world.family)
    services.send_message(world.case, body="Hello", by=world.family)
    other = _other_senco()
    client = client_for(other)
    assert client.get(_url(world.case)).status_code == 404
    assert client.post(_url(world.case), {"body": "Hello from elsewhere"}).status_code == 404
    assert not access.records_for(other, Message.objects.all()).exists()
    assert Message.objects.count() == 1


def test_the_senco_loses_the_messages_when_the_child_moves_setting(world, client_for):
    services.set_senco_sharing(world.case, allowed=True, by=world.family)
    child = world.case.child
    child.setting = OrganisationFactory(name="Hillside Academy", urn="100002")
    child.save(update_fields=["setting"])
    assert client_for(world.setting_user).get(_url(world.case)).status_code == 404
    assert services.role_on(world.setting_user, world.case) is None


def test_family_and_coordinator_take_part_and_others_do_not(world, partner_keys):
    services.send_message(world.case, body="Hello", by=world.family)
    messages = Message.objects.all()
    assert services.role_on(world.family, world.case) == Message.From.FAMILY
    assert services.role_on(world.coordinator, world.case) == Message.From.COUNCIL
    assert access.records_for(world.coordinator, messages).count() == 1
    assert not access.records_for(world.other_family, messages).exists()
    assert not access.records_for(world.other_team_coordinator, messages).exists()
    # A partner system (even the LA's own) never reads the family's messages.
    client, _secret = partner_keys["la_reader"]
    assert not access.records_for(client, messages).exists()
    assert not access.can(client, Action.VIEW, thread(world.case))


def test_access_rules_lists_the_messages_clause(db):
    out = StringIO()
    call_command("access_rules", stdout=out)
    text = out.getvalue()
    assert "conversations: messages on a case (messages)" in text
    assert "only while the family allows it" in " ".join(text.split())

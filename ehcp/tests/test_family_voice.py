"""The family's voice: views with pictures, recordings, videos or documents (the same checks and
storage as staff uploads), by a parent or by the young person themself."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import escape

from ehcp.models import FamilyView
from sendcpp.models import Document, Relationship
from sendcpp.tests.factories import RelationshipFactory, UserFactory

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
MP4 = b"\x00\x00\x00\x18ftypisom" + b"\x00" * 64


def _url(case):
    return f"/ehcp/cases/{case.public_id}/views/new/"


def test_a_parent_sends_a_drawing_with_the_childs_views(world, client_for):
    family = client_for(world.family)
    page = family.get(_url(world.case)).content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert 'type="file"' in page
    assert "multiple" in page
    response = family.post(
        _url(world.case),
        {
            "about": "child",
            "text": "",
            "files": [
                SimpleUploadedFile("my drawing.png", PNG, content_type="image/png"),
                SimpleUploadedFile("talking.mp4", MP4, content_type="video/mp4"),
            ],
        },
    )
    assert response.status_code == 302
    view = FamilyView.objects.get()
    documents = list(view.attachments.order_by("id"))
    assert [d.content_type for d in documents] == ["image/png", "video/mp4"]
    assert all(d.audience == "family" and d.kind == "views" for d in documents)
    assert documents[0].original_filename == "my-drawing.png"
    # The family and the coordinator open it; another family cannot.
    download = f"/documents/{documents[0].public_id}/"
    assert family.get(download).status_code == 200
    assert client_for(world.coordinator).get(download).status_code == 200
    assert client_for(world.other_family).get(download).status_code == 404
    journey = family.get(f"/ehcp/cases/{world.case.public_id}/journey/").content.decode()
    assert "Open the file you added" in journey
    staff = client_for(world.coordinator).get(f"/ehcp/cases/{world.case.public_id}/")
    assert escape(documents[0].title) in staff.content.decode()


def test_a_file_of_the_wrong_type_is_refused_and_nothing_is_kept(world, client_for):
    family = client_for(world.family)
    page = family.post(
        _url(world.case),
        {
            "about": "child",
            "text": "She likes drawing",
            "files": [
                SimpleUploadedFile("ok.png", PNG, content_type="image/png"),
                SimpleUploadedFile(
                    "virus.png", b"MZ\x90\x00 not a picture", content_type="image/png"
                ),
            ],
        },
    )
    assert page.status_code == 200
    assert "must be a PDF, Word document (.docx), JPG, PNG, MP3, M4A, MP4 or MOV file" in (
        page.content.decode()
    )
    assert not FamilyView.objects.exists()
    assert not Document.objects.exists()


def test_views_need_words_or_a_file(world, client_for):
    page = client_for(world.family).post(_url(world.case), {"about": "parent", "text": " "})
    assert "Enter the views, or add a file" in page.content.decode()
    assert not FamilyView.objects.exists()


def test_someone_outside_the_case_cannot_add_views(world, client_for):
    response = client_for(world.other_family).post(
        _url(world.case),
        {"about": "child", "files": [SimpleUploadedFile("a.png", PNG, content_type="image/png")]},
    )
    assert response.status_code == 404
    assert not Document.objects.exists()


def test_the_young_person_gives_their_own_views(world, client_for):
    young_person = UserFactory(username="young_person")
    RelationshipFactory(child=world.case.child, user=young_person, kind=Relationship.Kind.SELF)
    client = client_for(young_person)
    page = client.get(_url(world.case)).content.decode()
    assert "My own views" in page
    client.post(_url(world.case), {"about": "child", "text": "I want to go to college."})
    view = FamilyView.objects.get()
    assert view.given_by == young_person


def test_the_family_comments_on_section_f_of_one_area(world, client_for):
    from django.utils import timezone

    from ehcp.models import DraftComment
    from ehcp.tests.factories import draft_issued

    version = draft_issued(world.case, world.coordinator, served_on=timezone.localdate())
    plan = version.plan.public_id
    family = client_for(world.family)
    form = family.get(f"/ehcp/plans/{plan}/respond/comment/?section=F_cognition").content.decode()
    for label in (
        "Section B: cognition and learning needs",
        "Section F: help with cognition and learning",
        "Section E: goals for cognition and learning",
        "Section I: placement",
    ):
        assert label in form
    assert '<option value="F_cognition" selected>' in form
    assert "Cognition and learning (B, F, E)" not in form  # whole areas are no longer asked
    response = family.post(
        f"/ehcp/plans/{plan}/respond/comment/",
        {"section": "F_cognition", "text": "She needs a reading group every day."},
    )
    assert response.status_code == 302
    assert DraftComment.objects.get().section == "F_cognition"
    respond = family.get(f"/ehcp/plans/{plan}/respond/").content.decode()
    assert "Section F: help with cognition and learning" in respond
    staff = client_for(world.coordinator).get(f"/ehcp/plans/{plan}/").content.decode()
    assert "Section F: help with cognition and learning" in staff
    # A whole area is refused with a clear message, and nothing is kept.
    page = family.post(
        f"/ehcp/plans/{plan}/respond/comment/", {"section": "cognition", "text": "More help"}
    )
    assert "Select a valid choice" in page.content.decode()
    assert DraftComment.objects.count() == 1


def test_the_family_home_reads_the_date_for_comments_with_the_case(world, client_for):
    """The date the draft's letter gave for comments comes with the family's cases (one query
    fewer on their home page) and is the one the case's account reads on its own."""
    from ehcp.tests.factories import days_ago, draft_issued
    from sendcpp import selectors

    version = draft_issued(world.case, world.coordinator, served_on=days_ago(2))
    response = client_for(world.family).get("/")
    [(case, *_, account)] = response.context["items"]
    assert case.sent_draft_closes_on == version.comments_close_on
    assert account.comments_close_on == version.comments_close_on
    assert selectors.case_account(world.case).comments_close_on == version.comments_close_on
    other = client_for(world.other_family).get("/")
    [(other_case, *_, other_account)] = other.context["items"]
    assert other_case.sent_draft_closes_on is None
    assert other_account.comments_close_on is None

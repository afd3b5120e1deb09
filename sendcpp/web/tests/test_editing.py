"""``handle_edit``: a save made on an out-of-date copy is refused, the person's text is kept, and
the form now carries on from the version saved since."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib.messages import get_messages
from django.http import HttpRequest, HttpResponse

from sendcpp.exceptions import DomainError, StaleEdit
from sendcpp.web.editing import handle_edit
from sendcpp.web.testing import page_request


class NoteForm(forms.Form):
    text = forms.CharField()
    version = forms.IntegerField(widget=forms.HiddenInput)


class Note:
    """Stands in for a record saved by two people: its version moves on with each save."""

    def __init__(self) -> None:
        self.text, self.version, self.reloads = "first", 1, 0

    def save(self, data: dict[str, object]) -> str:
        if data["version"] != self.version:
            raise StaleEdit("Someone else saved this note since you opened it")
        self.text, self.version = str(data["text"]), self.version + 1
        return "n-1"

    def reload(self) -> tuple[int, dict[str, object]]:
        self.reloads += 1
        return self.version, {"intro": [f"Saved now: {self.text}"]}


def _request(data: dict[str, str] | None = None) -> HttpRequest:
    return page_request("post" if data else "get", "/note/", data)


def _edit(
    request: HttpRequest,
    note: Note,
    call: Callable[[dict[str, object]], str] | None = None,
) -> HttpResponse:
    return handle_edit(
        request,
        NoteForm(request.POST or None, initial={"text": note.text, "version": note.version}),
        version_field="version",
        reload=note.reload,
        call=call or note.save,
        success="Note saved",
        next_url=lambda result: f"/notes/{result}/",
        context={"title": "Edit the note"},
    )


def test_a_save_on_the_current_version_goes_through() -> None:
    note = Note()
    request = _request({"text": "mine", "version": "1"})
    response = _edit(request, note)
    assert response.status_code == 302
    assert response["Location"] == "/notes/n-1/"
    assert (note.text, note.version, note.reloads) == ("mine", 2, 0)
    assert [str(m) for m in get_messages(request)] == ["Note saved"]


def test_a_stale_save_keeps_my_text_shows_theirs_and_carries_on_from_their_version() -> None:
    note = Note()
    note.save({"text": "theirs", "version": 1})
    request = _request({"text": "mine", "version": "1"})
    html = _edit(request, note).content.decode()
    assert note.text == "theirs"
    assert note.reloads == 1
    assert "Someone else saved this note since you opened it" in html
    assert "Saved now: theirs" in html
    assert 'value="mine"' in html
    assert '<input type="hidden" name="version" value="2"' in html
    assert list(get_messages(request)) == []

    # saving again, now deliberately over their version, goes through
    again = _request({"text": "mine", "version": "2"})
    assert _edit(again, note).status_code == 302
    assert (note.text, note.version) == ("mine", 3)


def test_any_other_refusal_is_shown_without_reloading_the_record() -> None:
    note = Note()

    def refuse(data: dict[str, object]) -> str:
        raise DomainError("The note is closed")

    html = _edit(_request({"text": "mine", "version": "1"}), note, call=refuse).content.decode()
    assert "The note is closed" in html
    assert "Saved now" not in html
    assert note.reloads == 0
    assert '<input type="hidden" name="version" value="1"' in html

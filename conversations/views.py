"""The messages on a case, for the family and their coordinator (and the SENCO the family lets
in), and the family's request for a call back."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from conversations import selectors, services
from conversations.forms import CallBackForm, MessageForm, SharingForm
from conversations.models import Message, Sharing
from sendcpp import access
from sendcpp.web.handling import handle_action, handle_form, posted

GET_POST = ["GET", "POST"]


@require_http_methods(GET_POST)
def thread(request: HttpRequest, case_id: str) -> HttpResponse:
    case = selectors.get_thread_case_or_404(request.user, case_id)
    role = services.role_on(request.user, case)
    items = list(selectors.messages_on(request.user, case))
    waiting = items[-1] if items and items[-1].sent_from == Message.From.FAMILY else None
    sharing = Sharing.objects.filter(case=case).first()
    here = services.thread_link(case)
    return handle_form(
        request,
        MessageForm(posted(request)),
        call=lambda data: services.send_message(case, body=data["body"], by=request.user),
        success="Your message has been sent.",
        next_url=here,
        template="conversations/thread.html",
        context={
            "case": case,
            "role": role,
            "is_family": role == Message.From.FAMILY,
            "items": items,
            "reply_due_on": services.reply_due_on(timezone.localtime(waiting.created_at).date())
            if waiting
            else None,
            "reply_on_next": services.reply_due_on(timezone.localdate()),
            "senco_may_join": bool(sharing and sharing.senco_may_join),
            "call_backs": list(selectors.open_call_backs(case))
            if role == Message.From.COUNCIL
            else [],
            "back_url": reverse("sendcpp:case-detail", kwargs={"case_id": case.public_id})
            if role != Message.From.SETTING
            else "",
        },
    )


@require_http_methods(GET_POST)
def call_back(request: HttpRequest, case_id: str) -> HttpResponse:
    case = selectors.get_thread_case_or_404(request.user, case_id)
    if not access.is_family(request.user):
        raise Http404
    back = services.thread_link(case)
    return handle_form(
        request,
        CallBackForm(posted(request)),
        call=lambda data: services.request_call_back(case, by=request.user, **data),
        success="We have your request. Someone from the SEND team will call you.",
        next_url=back,
        context={
            "case": case,
            "title": "Ask us to call you",
            "intro": [
                "Someone from the SEND team will call you back, usually within 3 working days."
            ],
            "submit": "Ask for a call back",
            "back_url": back,
        },
    )


@require_http_methods(GET_POST)
def sharing(request: HttpRequest, case_id: str) -> HttpResponse:
    case = selectors.get_thread_case_or_404(request.user, case_id)
    if services.role_on(request.user, case) != Message.From.FAMILY:
        raise Http404
    current = Sharing.objects.filter(case=case).first()
    initial = {"allowed": "yes" if current and current.senco_may_join else "no"}
    back = services.thread_link(case)
    return handle_form(
        request,
        SharingForm(posted(request), initial=initial),
        call=lambda data: services.set_senco_sharing(
            case, allowed=data["allowed"] == "yes", by=request.user
        ),
        success="Your choice has been saved.",
        next_url=back,
        context={
            "case": case,
            "title": "Who can read your messages",
            "intro": [
                "Your messages are read by your coordinator at the council's SEND team.",
                "You can also let the SENCO at your child's school or college read them and reply. "
                "You can change your mind at any time.",
            ],
            "submit": "Save your choice",
            "back_url": back,
        },
    )


@require_POST
def call_back_done(request: HttpRequest, call_back_id: str) -> HttpResponse:
    item = selectors.get_call_back_or_404(request.user, call_back_id)
    here = services.thread_link(item.case)
    return handle_action(
        request,
        lambda: services.mark_call_back_done(item, by=request.user),
        success="Marked as called back.",
        next_url=here,
    )

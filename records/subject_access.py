"""Everything the council holds about a child or young person, for a subject access request:
their case records and timelines, every plan version, the decision letters, the messages sent
about them, their documents, the people recorded around them, and the read log of their record.
Each item is one file of the bundle; third parties' information is marked so that staff look at
it before release, and can withhold an item or redact words throughout."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from ehcp.models import Decision, PlanVersion
from sendcpp import pdf
from sendcpp.models import AccessLog, Case, Child, Document, Notification, Relationship

REDACTED = "[redacted]"
KIND_LABELS = {
    "child": "Personal details",
    "case": "Case record and timeline",
    "plan": "Plan version",
    "letter": "Decision letter",
    "message": "Messages",
    "document": "Document",
    "contact": "People recorded with the child",
    "read_log": "Who has read the record",
}


@dataclass
class Item:
    key: str
    kind: str
    title: str
    filename: str
    content: bytes
    third_party: str = ""

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


def _json(value: Any) -> bytes:
    return json.dumps(value, indent=2, ensure_ascii=False, default=str).encode()


def _cases(child: Child, local_authority_id: int) -> list[Case]:
    return list(
        Case.objects.filter(child=child, local_authority_id=local_authority_id).order_by("pk")
    )


def _child_item(child: Child) -> Item:
    return Item(
        key="child",
        kind="child",
        title="Personal details",
        filename="personal-details.json",
        content=_json(
            {
                "legal_name": f"{child.legal_first_name} {child.legal_last_name}",
                "preferred_name": child.preferred_name,
                "date_of_birth": child.date_of_birth,
                "sex": child.get_sex_display(),
                "unique_pupil_number": child.upn,
                "unique_learner_number": child.uln,
                "nhs_number": child.nhs_number,
                "ethnicity": child.ethnicity,
                "first_language": child.first_language,
                "address": child.address,
                "postcode": child.postcode,
                "school_or_college": child.setting.name if child.setting else "",
                "primary_need": child.get_primary_need_display(),
            }
        ),
    )


def _case_items(cases: list[Case]) -> Iterable[Item]:
    for case in cases:
        events = case.events.order_by("occurred_at", "id").values(
            "occurred_at", "kind", "summary", "audience"
        )
        yield Item(
            key=f"case-{case.reference}",
            kind="case",
            title=f"Case {case.reference}",
            filename=f"cases/{case.reference}.json",
            content=_json(
                {
                    "reference": case.reference,
                    "stage": case.get_stage_display(),
                    "request_received_on": case.request_received_on,
                    "plan_issued_on": case.plan_issued_on,
                    "closed_on": case.closed_on,
                    "timeline": [
                        {
                            "when": event["occurred_at"].isoformat(),
                            "what": event["summary"],
                        }
                        for event in events
                    ],
                }
            ),
        )


def _plan_items(cases: list[Case]) -> Iterable[Item]:
    versions = PlanVersion.objects.filter(plan__case__in=cases).select_related("plan__case")
    for version in versions.order_by("plan__case_id", "number"):
        reference = version.plan.case.reference
        yield Item(
            key=f"plan-{reference}-{version.number}",
            kind="plan",
            title=f"{version.get_kind_display()}, version {version.number}, {version.issued_on:%-d %B %Y}",
            filename=f"plans/{reference}-version-{version.number}.json",
            content=_json(version.content),
            third_party="Names the professionals who gave advice",
        )


def _letter_items(cases: list[Case]) -> Iterable[Item]:
    for decision in Decision.objects.filter(case__in=cases).order_by("decided_on", "id"):
        yield Item(
            key=f"letter-{decision.public_id}",
            kind="letter",
            title=f"{decision.get_kind_display()}: {decision.get_outcome_display()}, {decision.decided_on:%-d %B %Y}",
            filename=f"letters/{decision.decided_on:%Y-%m-%d}-{decision.kind}.json",
            content=_json(
                {
                    "decision": decision.get_kind_display(),
                    "outcome": decision.get_outcome_display(),
                    "decided_on": decision.decided_on,
                    "reasons": decision.reasons,
                }
            ),
        )


def _message_items(cases: list[Case]) -> Iterable[Item]:
    messages = Notification.objects.filter(case__in=cases).order_by("created_at", "id")
    rows = [
        {"sent": message.created_at.isoformat(), "subject": message.subject, "body": message.body}
        for message in messages
    ]
    if rows:
        yield Item(
            key="messages",
            kind="message",
            title=f"{len(rows)} messages sent about the child",
            filename="messages.json",
            content=_json(rows),
            third_party="Sent to family members",
        )


def _document_items(cases: list[Case]) -> Iterable[Item]:
    documents = Document.objects.filter(case__in=cases, status=Document.Status.READY).exclude(
        file=""
    )
    for document in documents.order_by("created_at", "id"):
        with document.file.open("rb") as stored:
            content = stored.read()
        name = re.sub(r"[^A-Za-z0-9._-]+", "-", document.original_filename or "document")
        yield Item(
            key=f"document-{document.public_id}",
            kind="document",
            title=document.title,
            filename=f"documents/{document.created_at:%Y-%m-%d}-{name}",
            content=content,
            third_party="May be written by or about other people: read it before release",
        )


def _contact_items(child: Child) -> Iterable[Item]:
    people = Relationship.objects.filter(child=child).order_by("id")
    rows = [
        {
            "name": person.full_name,
            "relationship": person.get_kind_display(),
            "email": person.email,
            "phone": person.phone,
        }
        for person in people
    ]
    if rows:
        yield Item(
            key="contacts",
            kind="contact",
            title="Parents, carers and contacts recorded",
            filename="contacts.json",
            content=_json(rows),
            third_party="Other people's contact details",
        )


def _read_log_item(child: Child) -> Item:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["when", "who", "what"])
    reads = AccessLog.objects.filter(child=child).select_related("user", "api_client")
    for read in reads.order_by("at", "id"):
        who = (
            read.user.display_name
            if read.user
            else (read.api_client.name if read.api_client else "")
        )
        writer.writerow([timezone.localtime(read.at).isoformat(), who, read.what])
    return Item(
        key="read-log",
        kind="read_log",
        title="Who has read the record",
        filename="read-log.csv",
        content=out.getvalue().encode(),
    )


def collect(child: Child, local_authority_id: int) -> list[Item]:
    """Every item held about ``child`` by the council, in the bundle's order."""
    cases = _cases(child, local_authority_id)
    return [
        _child_item(child),
        *_case_items(cases),
        *_plan_items(cases),
        *_letter_items(cases),
        *_message_items(cases),
        *_document_items(cases),
        *_contact_items(child),
        _read_log_item(child),
    ]


def redact(content: bytes, words: list[str]) -> bytes:
    """``content`` with every word or phrase in ``words`` replaced (text files only)."""
    if not words:
        return content
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return content
    for word in words:
        text = re.sub(re.escape(word), REDACTED, text, flags=re.IGNORECASE)
    return text.encode()


def build_zip(
    items: list[Item],
    *,
    withheld: dict[str, str],
    words: list[str],
    index_context: dict[str, Any],
) -> bytes:
    """The bundle: ``index.pdf`` (every item, and what was withheld and why) and the files."""
    out = io.BytesIO()
    spec = pdf.titled_spec("records/pdf/subject_access_index.html", index_context)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("index.pdf", pdf.render_pdf(spec))
        for item in items:
            if item.key in withheld:
                continue
            bundle.writestr(item.filename, redact(item.content, words))
    return out.getvalue()

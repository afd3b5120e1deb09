"""Uploads: type by content, size limits, safe names, duplicates; stored outside the web root."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from sendcpp import services
from sendcpp.documents import check_upload, safe_filename
from sendcpp.exceptions import DomainError, InvalidUpload
from sendcpp.models import CaseEvent, Document


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def _zip_without_word() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("evil.exe", "MZ")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("advice.pdf", b"%PDF-1.7 ...", "application/pdf"),
        ("drawing.png", b"\x89PNG\r\n\x1a\n....", "image/png"),
        ("photo.jpeg", b"\xff\xd8\xff\xe0....", "image/jpeg"),
        ("voice.mp3", b"ID3\x04....", "audio/mpeg"),
        ("voice.m4a", b"\x00\x00\x00\x20ftypM4A ....", "audio/mp4"),
        (
            "report.docx",
            _docx(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
    ],
)
def test_accepted_types_are_recognised_by_content(name, content, content_type):
    assert check_upload(SimpleUploadedFile(name, content)).content_type == content_type


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.pdf", b"", "empty"),
        ("script.pdf", b"<script>alert(1)</script>", "must be a PDF"),
        ("renamed.docx", _zip_without_word(), "must be a PDF"),
        ("broken.docx", b"PK\x03\x04not really a zip", "must be a PDF"),
        ("program.exe", b"MZ\x90\x00", "must be a PDF"),
    ],
    ids=["empty", "html-called-pdf", "zip-called-docx", "corrupt-zip", "executable"],
)
def test_refused_files(name, content, message):
    with pytest.raises(InvalidUpload, match=message):
        check_upload(SimpleUploadedFile(name, content))


def test_too_large_file_is_refused(settings):
    settings.DOCUMENT_MAX_BYTES = 10
    with pytest.raises(InvalidUpload, match="smaller than"):
        check_upload(SimpleUploadedFile("big.pdf", b"%PDF-" + b"x" * 20))


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("Émile's plan (final).PDF", "mile-s-plan-final.pdf"),
        ("....pdf", "document.pdf"),
        ("C:\\x\\y.pdf", "y.pdf"),
    ],
)
def test_safe_filenames(name, expected):
    assert safe_filename(name, "pdf") == expected


def test_upload_is_stored_outside_the_web_root_under_a_random_name(world):
    upload = SimpleUploadedFile("Ella Smith EP report.pdf", b"%PDF-1.7 advice")
    document = services.add_document(
        world.case,
        upload=upload,
        title="EP advice",
        kind="advice",
        audience="staff",
        by=world.coordinator,
    )
    assert document.file.name.endswith(f"{document.public_id}.pdf")
    assert "Smith" not in document.file.name
    assert str(settings.STORAGES["default"]["OPTIONS"]["location"]) in document.file.path
    assert "static" not in document.file.path
    assert document.original_filename == "Ella-Smith-EP-report.pdf"
    assert CaseEvent.objects.filter(kind="document_added").count() == 1


def test_the_same_file_twice_is_refused(world):
    def upload():
        return SimpleUploadedFile("a.pdf", b"%PDF-1.7 same")

    services.add_document(
        world.case,
        upload=upload(),
        title="EP advice",
        kind="advice",
        audience="staff",
        by=world.coordinator,
    )
    with pytest.raises(DomainError, match="already been added"):
        services.add_document(
            world.case,
            upload=upload(),
            title="EP advice",
            kind="advice",
            audience="staff",
            by=world.coordinator,
        )
    assert Document.objects.count() == 1


def test_malformed_upload_through_the_page_changes_nothing(world, client_for):
    response = client_for(world.coordinator).post(
        f"/cases/{world.case.public_id}/documents/add/",
        {
            "title": "Advice",
            "kind": "advice",
            "audience": "staff",
            "file": SimpleUploadedFile("x.pdf", b"GIF89a"),
        },
    )
    assert response.status_code == 200
    assert "must be a PDF" in response.content.decode()
    assert 'class="govuk-error-summary"' in response.content.decode()
    assert not Document.objects.exists()
    assert not CaseEvent.objects.exists()


def test_download_uses_a_safe_name_and_no_caching(world, client_for):
    upload = SimpleUploadedFile("plan.pdf", b"%PDF-1.7 plan")
    document = services.add_document(
        world.case,
        upload=upload,
        title="Plan",
        kind="plan",
        audience="family",
        by=world.coordinator,
    )
    response = client_for(world.family).get(f"/documents/{document.public_id}/")
    assert response["Content-Disposition"] == 'attachment; filename="plan.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"

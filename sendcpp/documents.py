"""Checking uploaded files before they are stored: type by content (not by name), size, and a
safe stored name. Files are kept outside the web root (see STORAGES) and served only through
the access check."""

from __future__ import annotations

import hashlib
import re
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from sendcpp.exceptions import InvalidUpload

# What families and professionals send us: documents, photos of drawings, short audio and video.
# Each type is recognised by the first bytes of its content.
_SIGNATURES: list[tuple[bytes, int, str, str]] = [
    (b"%PDF-", 0, "application/pdf", "pdf"),
    (b"\x89PNG\r\n\x1a\n", 0, "image/png", "png"),
    (b"\xff\xd8\xff", 0, "image/jpeg", "jpg"),
    (b"ID3", 0, "audio/mpeg", "mp3"),
    (b"\xff\xfb", 0, "audio/mpeg", "mp3"),
    (b"ftypM4A", 4, "audio/mp4", "m4a"),
    # Short videos from a phone: MP4 (several brands) and QuickTime.
    (b"ftypisom", 4, "video/mp4", "mp4"),
    (b"ftypmp42", 4, "video/mp4", "mp4"),
    (b"ftypiso2", 4, "video/mp4", "mp4"),
    (b"ftypavc1", 4, "video/mp4", "mp4"),
    (b"ftypqt  ", 4, "video/quicktime", "mov"),
]
_OFFICE_ZIP = b"PK\x03\x04"
_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_ALLOWED_DESCRIPTION = "a PDF, Word document (.docx), JPG, PNG, MP3, M4A, MP4 or MOV file"


@dataclass(frozen=True)
class CheckedUpload:
    content_type: str
    extension: str
    size_bytes: int
    sha256: str
    safe_name: str


def _is_word_document(upload: UploadedFile) -> bool:
    try:
        with zipfile.ZipFile(upload) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return False


def _sniff(head: bytes, upload: UploadedFile) -> tuple[str, str] | None:
    for signature, offset, content_type, extension in _SIGNATURES:
        if head[offset : offset + len(signature)] == signature:
            return content_type, extension
    # A .docx is a zip; accept it only when it really holds a Word document.
    if head.startswith(_OFFICE_ZIP) and _is_word_document(upload):
        return _DOCX, "docx"
    return None


def safe_filename(filename: str, extension: str) -> str:
    """A name safe to put in a Content-Disposition header: letters, digits, dash, underscore."""
    stem = filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1].rsplit(".", 1)[0]
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-")[:80] or "document"
    return f"{stem}.{extension}"


def check_upload(upload: UploadedFile) -> CheckedUpload:
    """Accept an upload or raise InvalidUpload with a message saying what to do."""
    size = upload.size or 0
    if size == 0:
        raise InvalidUpload("The selected file is empty", field="file")
    if size > settings.DOCUMENT_MAX_BYTES:
        limit = settings.DOCUMENT_MAX_BYTES // (1024 * 1024)
        raise InvalidUpload(f"The selected file must be smaller than {limit}MB", field="file")
    upload.seek(0)
    head = upload.read(4096)
    kind = _sniff(head, upload)
    if kind is None:
        raise InvalidUpload(f"The selected file must be {_ALLOWED_DESCRIPTION}", field="file")
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    content_type, extension = kind
    return CheckedUpload(
        content_type=content_type,
        extension=extension,
        size_bytes=size,
        sha256=digest.hexdigest(),
        safe_name=safe_filename(upload.name or "document", extension),
    )

"""What every PDF the service makes must be: tagged for assistive technology, with a structure
tree, a document language and a title (shared by each app's PDF tests)."""

from __future__ import annotations

import io

from pypdf import PdfReader


def assert_tagged_pdf(content: bytes, *, title: str, language: str) -> PdfReader:
    assert content.startswith(b"%PDF-1.7")
    reader = PdfReader(io.BytesIO(content))
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] is True or bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert root["/StructTreeRoot"]["/K"], "the structure tree is empty"
    assert str(root["/Lang"]) == language
    assert reader.metadata is not None
    assert reader.metadata.title == title
    return reader

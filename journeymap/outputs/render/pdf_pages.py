"""One multi-page PDF from the single-page PDFs Graphviz draws (one per fitted page).

Graphviz's cairo PDF writer makes one document per graph, so the pages are joined here rather
than with a PDF library: the input is always Graphviz's own output (plain objects, a classic
cross-reference table, no object streams), so joining is renumbering objects, keeping each
document's page and what it uses, and writing one page tree, catalogue and table. Anything
else is refused (PdfJoinFailed) rather than guessed at.
"""

from __future__ import annotations

import re

_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_XREF_HEAD = re.compile(rb"xref\s+(\d+)\s+(\d+)\s+")
_OBJECT = re.compile(rb"(\d+)\s+0\s+obj\b")
_REFERENCE = re.compile(rb"(\d+)(\s+)0(\s+)R\b")
_PAGE = re.compile(rb"/Type\s*/Page(?![A-Za-z])")
_PAGES = re.compile(rb"/Type\s*/Pages\b")
_CATALOG = re.compile(rb"/Type\s*/Catalog\b")
_INFO = re.compile(rb"/Info\s+(\d+)\s+0\s+R")
_PARENT = re.compile(rb"/Parent\s+\d+\s+0\s+R")


class PdfJoinFailed(ValueError):
    pass


def _objects(pdf: bytes) -> tuple[dict, int]:
    """{number: body between `obj` and `endobj`} and the number of the document's Info object."""
    found = _STARTXREF.search(pdf)
    if not found:
        raise PdfJoinFailed("not a PDF with a cross-reference table")
    xref = int(found.group(1))
    head = _XREF_HEAD.match(pdf, xref)
    if not head or head.group(1) != b"0":
        raise PdfJoinFailed("unexpected cross-reference table")
    count, start = int(head.group(2)), head.end()
    offsets = {}
    for number in range(count):
        entry = pdf[start + 20 * number: start + 20 * number + 20]
        if entry[17:18] == b"n":
            offsets[number] = int(entry[:10])
    ends = sorted(offsets.values()) + [xref]
    bodies = {}
    for number, offset in offsets.items():
        chunk = pdf[offset: ends[ends.index(offset) + 1]]
        header = _OBJECT.match(chunk)
        stop = chunk.rfind(b"endobj")
        if not header or int(header.group(1)) != number or stop < 0:
            raise PdfJoinFailed(f"object {number} is not where the table says")
        bodies[number] = chunk[header.end(): stop]
    info = _INFO.search(pdf, xref)
    return bodies, int(info.group(1)) if info else -1


def _renumber(body: bytes, shift: int) -> bytes:
    """References in the object's dictionary moved by `shift`; a stream's bytes are left alone."""
    split = re.search(rb"\bstream\r?\n", body)
    head, tail = (body[: split.start()], body[split.start():]) if split else (body, b"")
    head = _REFERENCE.sub(lambda m: str(int(m.group(1)) + shift).encode() + m.group(2) + b"0" + m.group(3) + b"R", head)
    return head + tail


def join_pdfs(documents: list) -> bytes:
    """The pages of every document, in order, as one PDF."""
    if len(documents) == 1:
        return documents[0]
    kept: list = []  # (new number, body) in order
    pages: list = []
    info_body = None
    next_number = 3  # 1: the page tree, 2: the catalogue
    for document in documents:
        bodies, info = _objects(document)
        shift = next_number - min(bodies)
        for number in sorted(bodies):
            body = bodies[number]
            dictionary = body.split(b"stream", 1)[0]
            if _PAGES.search(dictionary) or _CATALOG.search(dictionary):
                continue
            if number == info:
                if info_body is None:
                    info_body = body
                continue
            body = _renumber(body, shift)
            if _PAGE.search(dictionary):
                body = _PARENT.sub(b"/Parent 1 0 R", body)
                pages.append(number + shift)
            kept.append((number + shift, body))
        next_number = max(number for number, _body in kept) + 1
    if not pages:
        raise PdfJoinFailed("no pages found")
    kids = b" ".join(b"%d 0 R" % number for number in pages)
    kept.append((1, b"\n<< /Type /Pages /Kids [ " + kids + b" ] /Count %d >>\n" % len(pages)))
    kept.append((2, b"\n<< /Type /Catalog /Pages 1 0 R >>\n"))
    info_number = None
    if info_body is not None:
        info_number = next_number
        kept.append((info_number, info_body))
    out = bytearray(b"%PDF-1.5\n%\xb5\xed\xae\xfb\n")
    offsets = {}
    for number, body in sorted(kept):
        offsets[number] = len(out)
        out += b"%d 0 obj" % number + body + b"endobj\n"
    size = max(offsets) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        out += (b"%010d 00000 n \n" % offsets[number]) if number in offsets else b"0000000000 65535 f \n"
    trailer = b"<< /Size %d /Root 2 0 R" % size + (b" /Info %d 0 R" % info_number if info_number else b"") + b" >>"
    out += b"trailer\n" + trailer + b"\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def page_count(pdf: bytes) -> int:
    """How many pages a PDF written by `join_pdfs` (or Graphviz) holds, read from its table."""
    bodies, _info = _objects(pdf)
    return sum(1 for body in bodies.values() if _PAGE.search(body.split(b"stream", 1)[0]))

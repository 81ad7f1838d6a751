"""A long record's PDF joined from the parts it was laid out in (decision 0360).

Each part is a tagged PDF of its own (WeasyPrint tags every page as a `Part` of the
`Document`), laid out with nothing in its margins: the page numbers need every part
laid out first, and the header and footer are the same on every page, so both are laid
out once and laid over the joined pages. Joining them keeps one document a screen reader and a checker read
as if it had been laid out at once:

- the pages in order, with the first part's catalogue (language, metadata, title,
  viewer preferences) and document information;
- one structure tree: each later part's page-`Part`s join the first part's `Document`,
  and its parent tree's entries (pages and links) are numbered on from the first's;
- one outline: a later part's top-level bookmarks go under the heading they belong to
  (the record's title for a section heading, the section's heading for the questions
  of a section the part goes on with);
- the named destinations (each question's anchor) of every part, in one sorted tree;
- on every page what a page has in its margins, laid over it, marked as pagination
  artifacts (the page's furniture, as WeasyPrint marks what it draws in the margins):
  the header and footer, laid out once for the first page and once for any other, and
  the page's number, "Page 3 of 211", from a document of page numbers alone.

The same parts always join to the same bytes (fixed document id, the same object
order), so a long record stays as deterministic as a short one.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import pikepdf

_MARGINS = b"/Artifact <</Type /Pagination>> BDC\n"
_FOOTER = b"/Artifact <</Type /Pagination /Subtype /Footer>> BDC\n"


def page_count(piece: bytes) -> int:
    with pikepdf.open(io.BytesIO(piece)) as pdf:
        return len(pdf.pages)


def join(
    pieces: Sequence[bytes], numbers: Sequence[bytes], furniture: bytes, continued: Sequence[int]
) -> bytes:
    """The parts' PDFs as one, with the page numbers of `numbers` (PDFs with, between
    them, a page with its number for every page of the parts) and the header and footer of `furniture` (the
    first page's, then any other's) laid over them. `continued[k]` is how many of part
    k's questions belong to a section begun in the part before it."""
    whole = pikepdf.open(io.BytesIO(pieces[0]))
    opened = [whole]
    try:
        tree = whole.Root.StructTreeRoot
        document = _document(tree)
        parent_tree = tree.ParentTree.Nums
        dests = _dest_pairs(whole)
        with whole.open_outline() as outline:
            for k, piece in enumerate(pieces[1:], start=1):
                part = pikepdf.open(io.BytesIO(piece))
                opened.append(part)
                offset = _next_key(parent_tree)
                first_page = len(whole.pages)
                whole.pages.extend(part.pages)
                for page in whole.pages[first_page:]:
                    _renumber(page.obj, offset)
                part_tree = part.Root.StructTreeRoot
                for kid in (_copy(whole, kid) for kid in _kids(_document(part_tree))):
                    kid.P = document
                    document.K.append(kid)
                numbered = part_tree.ParentTree.Nums
                for index in range(0, len(numbered), 2):
                    parent_tree.append(int(numbered[index]) + offset)
                    parent_tree.append(_copy(whole, numbered[index + 1]))
                dests.extend((name, _copy(whole, dest)) for name, dest in _dest_pairs(part))
                with part.open_outline() as part_outline:
                    _join_outline(whole, outline.root, part_outline.root, continued[k])
        if "/ParentTreeNextKey" in tree:
            tree.ParentTreeNextKey = _next_key(parent_tree)
        _set_dests(whole, dests)
        _lay_margins_over(whole, numbers, furniture, opened)
        out = io.BytesIO()
        whole.save(
            out,
            deterministic_id=True,
            compress_streams=True,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
            min_version="1.7",
        )
        return out.getvalue()
    finally:
        for pdf in opened:
            pdf.close()


def _copy(pdf: pikepdf.Pdf, value: pikepdf.Object) -> pikepdf.Object:
    """A value of another part, in `pdf`: an object of that part is copied once (the
    pages copied with the part's pages are the ones its tags and bookmarks point to)."""
    if isinstance(value, pikepdf.Object) and value.is_indirect:
        return pdf.copy_foreign(value)
    if isinstance(value, pikepdf.Array):
        return pikepdf.Array([_copy(pdf, item) for item in value])
    if isinstance(value, pikepdf.Dictionary):
        return pikepdf.Dictionary({key: _copy(pdf, item) for key, item in value.items()})
    return value


def _document(tree: pikepdf.Object) -> pikepdf.Object:
    """The structure tree's one `Document` element."""
    root = tree.K
    if isinstance(root, pikepdf.Array):
        (root,) = list(root)
    return root


def _kids(element: pikepdf.Object) -> list[pikepdf.Object]:
    kids = element.K
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _next_key(nums: pikepdf.Array) -> int:
    keys = [int(nums[index]) for index in range(0, len(nums), 2)]
    return max(keys, default=-1) + 1


def _renumber(page: pikepdf.Dictionary, offset: int) -> None:
    if "/StructParents" in page:
        page.StructParents = int(page.StructParents) + offset
    for annotation in page.get("/Annots", []):
        if "/StructParent" in annotation:
            annotation.StructParent = int(annotation.StructParent) + offset


def _dest_pairs(pdf: pikepdf.Pdf) -> list[tuple[str, pikepdf.Object]]:
    names = pdf.Root.get("/Names")
    if names is None or "/Dests" not in names:
        return []
    flat = names.Dests.get("/Names", [])
    return [(str(flat[index]), flat[index + 1]) for index in range(0, len(flat), 2)]


def _set_dests(pdf: pikepdf.Pdf, pairs: list[tuple[str, pikepdf.Object]]) -> None:
    if not pairs:
        return
    flat = pikepdf.Array()
    for name, dest in sorted(pairs, key=lambda pair: pair[0].encode("utf-8")):
        flat.append(pikepdf.String(name))
        flat.append(dest)
    if "/Names" not in pdf.Root:
        pdf.Root.Names = pikepdf.Dictionary()
    pdf.Root.Names.Dests = pdf.make_indirect(pikepdf.Dictionary(Names=flat))


def _join_outline(
    pdf: pikepdf.Pdf, into: list[pikepdf.OutlineItem], items: list[pikepdf.OutlineItem], continued: int
) -> None:
    """A later part's bookmarks under the headings they belong to. The record's title is
    the one top-level bookmark; a part has no title, so its section headings are at its
    top level (they go under the title), and before them the questions of the section it
    goes on with (they go under that section's heading, the last one so far)."""
    for index, item in enumerate(items):
        parent = into
        depth = 2 if index < continued else 1
        for _ in range(depth):
            if not parent:
                break
            parent = parent[-1].children
        parent.append(_copied(pdf, item))


def _copied(pdf: pikepdf.Pdf, item: pikepdf.OutlineItem) -> pikepdf.OutlineItem:
    destination = _copy(pdf, item.destination) if item.destination is not None else None
    copy = pikepdf.OutlineItem(item.title, destination=destination)
    copy.is_closed = item.is_closed
    copy.children.extend(_copied(pdf, child) for child in item.children)
    return copy


def _lay_margins_over(
    pdf: pikepdf.Pdf, numbers: Sequence[bytes], furniture: bytes, opened: list[pikepdf.Pdf]
) -> None:
    numbered_pages = []
    for piece in numbers:
        over = pikepdf.open(io.BytesIO(piece))
        opened.append(over)
        numbered_pages.extend(over.pages)
    laid = pikepdf.open(io.BytesIO(furniture))
    opened.append(laid)
    if len(numbered_pages) != len(pdf.pages):
        raise ValueError(f"{len(numbered_pages)} pages of numbers for {len(pdf.pages)} pages")
    first, other = (pdf.copy_foreign(page.as_form_xobject()) for page in laid.pages)
    for n, (page, numbered) in enumerate(zip(pdf.pages, numbered_pages, strict=True), 1):
        # Named by the page (pages may share one dictionary of resources), never at random.
        margins = pikepdf.Name("/PageMarginsFirst" if n == 1 else "/PageMargins")
        page.add_resource(first if n == 1 else other, pikepdf.Name.XObject, margins)
        number = pikepdf.Name(f"/PageNumber{n}")
        page.add_resource(pdf.copy_foreign(numbered.as_form_xobject()), pikepdf.Name.XObject, number)
        # The page's own drawing keeps its graphics state to itself, then its margins are
        # drawn over it.
        page.contents_add(pikepdf.Stream(pdf, b"q\n"), prepend=True)
        drawn = (
            b"Q\n"
            + _MARGINS
            + b"q "
            + bytes(margins)
            + b" Do Q\nEMC\n"
            + _FOOTER
            + b"q "
            + bytes(number)
            + b" Do Q\nEMC\n"
        )
        page.contents_add(pikepdf.Stream(pdf, drawn), prepend=False)

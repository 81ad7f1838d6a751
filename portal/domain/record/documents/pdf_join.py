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
  the page's number, "Page 3 of 211". The number is drawn from a sample WeasyPrint laid
  out once, "Page 0123456789 of 9876543210": its words as they were laid out, and the
  glyph of each digit, so each page's number is set in the same font, size, colour and
  place, right-aligned where the sample ends, without laying out a page for each. A
  sample this cannot take apart (a translation set in two fonts, say) leaves the numbers
  to be laid out a page each, as a document of page numbers alone.

The same parts always join to the same bytes (fixed document id, the same object
order), so a long record stays as deterministic as a short one.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import pikepdf

_MARGINS = b"/Artifact <</Type /Pagination>> BDC\n"
_FOOTER = b"/Artifact <</Type /Pagination /Subtype /Footer>> BDC\n"


@dataclass(frozen=True)
class NumberSample:
    """One page with nothing on it but a page's number, laid out with the number `page`
    of `pages`: between them, every digit once (each page's number is drawn from it)."""

    pdf: bytes
    page: str
    pages: str


class NumbersNotComposed(ValueError):
    """The sample's number could not be taken apart: lay each page's number out instead."""


def page_count(piece: bytes) -> int:
    with pikepdf.open(io.BytesIO(piece)) as pdf:
        return len(pdf.pages)


def join(
    pieces: Sequence[bytes],
    numbers: NumberSample | Sequence[bytes],
    furniture: bytes,
    continued: Sequence[int],
) -> bytes:
    """The parts' PDFs as one, with the header and footer of `furniture` (the first
    page's, then any other's) and each page's number laid over them: drawn from a
    `NumberSample`, or the pages of `numbers` (PDFs with, between them, a page with its
    number for every page of the parts). `continued[k]` is how many of part k's
    questions belong to a section begun in the part before it. Raises NumbersNotComposed
    if the sample cannot be taken apart."""
    whole = pikepdf.open(io.BytesIO(pieces[0]))
    opened = [whole]
    try:
        number_line = _NumberLine(numbers, opened) if isinstance(numbers, NumberSample) else None
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
        if number_line is not None:
            forms = number_line.forms(whole)
        else:
            forms = _laid_out_numbers(whole, numbers, opened)  # type: ignore[arg-type]
        _lay_margins_over(whole, forms, furniture, opened)
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


def _laid_out_numbers(
    pdf: pikepdf.Pdf, numbers: Sequence[bytes], opened: list[pikepdf.Pdf]
) -> list[pikepdf.Object]:
    """Each page's number, from the pages of `numbers`, as a form for `pdf`."""
    numbered_pages = []
    for piece in numbers:
        over = pikepdf.open(io.BytesIO(piece))
        opened.append(over)
        numbered_pages.extend(over.pages)
    if len(numbered_pages) != len(pdf.pages):
        raise ValueError(f"{len(numbered_pages)} pages of numbers for {len(pdf.pages)} pages")
    return [pdf.copy_foreign(page.as_form_xobject()) for page in numbered_pages]


def _lay_margins_over(
    pdf: pikepdf.Pdf, numbers: Sequence[pikepdf.Object], furniture: bytes, opened: list[pikepdf.Pdf]
) -> None:
    laid = pikepdf.open(io.BytesIO(furniture))
    opened.append(laid)
    first, other = (pdf.copy_foreign(page.as_form_xobject()) for page in laid.pages)
    for n, (page, numbered) in enumerate(zip(pdf.pages, numbers, strict=True), 1):
        # Named by the page (pages may share one dictionary of resources), never at random.
        margins = pikepdf.Name("/PageMarginsFirst" if n == 1 else "/PageMargins")
        page.add_resource(first if n == 1 else other, pikepdf.Name.XObject, margins)
        number = pikepdf.Name(f"/PageNumber{n}")
        page.add_resource(numbered, pikepdf.Name.XObject, number)
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


# Text operators that would change where the sample's glyphs fall besides their widths
# and the kerning written between them: a sample using any is not taken apart.
_SPACING = {"Tc", "Tw", "Tz", "TL", "Ts", "Td", "TD", "T*", "'", '"', "Tj"}


class _NumberLine:
    """The sample's page number taken apart: the operators that draw it, its font's
    widths, and the glyphs of its words and of each digit."""

    def __init__(self, sample: NumberSample, opened: list[pikepdf.Pdf]) -> None:
        laid = pikepdf.open(io.BytesIO(sample.pdf))
        opened.append(laid)
        if len(laid.pages) != 1:
            raise NumbersNotComposed("the sample is not one page")
        self.page = laid.pages[0]
        self.operators = list(pikepdf.parse_content_stream(self.page))
        names = [str(instruction.operator) for instruction in self.operators]
        if _SPACING & set(names) or [names.count(name) for name in ("BT", "Tm", "Tf", "TJ")] != [1, 1, 1, 1]:
            raise NumbersNotComposed("the sample's number is not one run of text")
        self.matrix_at, self.shown_at = names.index("Tm"), names.index("TJ")
        font_name, size = self.operators[names.index("Tf")].operands
        self.size = Decimal(str(size))
        font = self.page.Resources.Font[font_name]
        if font.get("/Subtype") != pikepdf.Name.Type0 or font.get("/Encoding") != pikepdf.Name("/Identity-H"):
            raise NumbersNotComposed("the sample's font is not one this can draw from")
        self.widths = _widths(font.DescendantFonts[0])
        self.default_width = Decimal(str(font.DescendantFonts[0].get("/DW", 1000)))
        characters = _to_unicode(font)
        # Each glyph, with the kerning written after it (in thousandths of the size).
        self.glyphs: list[tuple[int, Decimal]] = []
        for item in self.operators[self.shown_at].operands[0]:
            if isinstance(item, pikepdf.String):
                raw = bytes(item)
                self.glyphs.extend(
                    (int.from_bytes(raw[i : i + 2], "big"), Decimal(0)) for i in range(0, len(raw), 2)
                )
            elif self.glyphs:
                cid, kern = self.glyphs[-1]
                self.glyphs[-1] = (cid, kern + Decimal(str(item)))
            else:
                raise NumbersNotComposed("the sample's number begins with a shift")
        text = [characters.get(cid, "") for cid, _ in self.glyphs]
        # Where the two numbers are, in glyphs: each of their digits is a glyph of its own.
        self.runs: list[tuple[int, int, str]] = []
        self.digits: dict[str, int] = {}
        for field, written in (("page", sample.page), ("pages", sample.pages)):
            start = next(
                (
                    k
                    for k in range(len(text) - len(written) + 1)
                    if text[k : k + len(written)] == list(written)
                ),
                None,
            )
            if start is None:
                raise NumbersNotComposed(f"the sample's {field} is not set a digit a glyph")
            self.runs.append((start, start + len(written), field))
            for offset, digit in enumerate(written):
                self.digits.setdefault(digit, self.glyphs[start + offset][0])
        self.runs.sort()
        if set(self.digits) != set("0123456789") or self.runs[0][1] > self.runs[1][0]:
            raise NumbersNotComposed("the sample does not have every digit once in each number")
        if any(kern for start, stop, _ in self.runs for _, kern in self.glyphs[start : stop - 1]):
            # A font that kerns digits would set another pair of digits differently.
            raise NumbersNotComposed("the sample's font kerns its digits")
        self.sample_width = self._width(self.glyphs)

    def _width(self, glyphs: list[tuple[int, Decimal]]) -> Decimal:
        """How far the glyphs advance, in thousandths of the size."""
        return sum((self.widths.get(cid, self.default_width) - kern for cid, kern in glyphs), Decimal(0))

    def glyphs_for(self, page: int, pages: int) -> list[tuple[int, Decimal]]:
        numbers = {"page": str(page), "pages": str(pages)}
        out: list[tuple[int, Decimal]] = []
        position = 0
        for start, stop, field in self.runs:
            out.extend(self.glyphs[position:start])
            digits = [(self.digits[digit], Decimal(0)) for digit in numbers[field]]
            digits[-1] = (digits[-1][0], self.glyphs[stop - 1][1])  # the space after keeps its kerning
            out.extend(digits)
            position = stop
        out.extend(self.glyphs[position:])
        return out

    def content(self, page: int, pages: int) -> bytes:
        """The operators that draw page `page`'s number: the sample's, with the number's
        glyphs, moved along so that it ends where the sample's did (it is right-aligned)."""
        glyphs = self.glyphs_for(page, pages)
        shift = ((self.sample_width - self._width(glyphs)) / 1000 * self.size).quantize(Decimal("0.000001"))
        a, b, c, d, e, f = (Decimal(str(value)) for value in self.operators[self.matrix_at].operands)
        shown = pikepdf.Array()
        for cid, kern in glyphs:
            shown.append(pikepdf.String(cid.to_bytes(2, "big")))
            shown.append(int(kern) if kern == kern.to_integral_value() else kern)
        operators = list(self.operators)
        operators[self.matrix_at] = pikepdf.ContentStreamInstruction(
            [a, b, c, d, e + shift * a, f + shift * b], pikepdf.Operator("Tm")
        )
        operators[self.shown_at] = pikepdf.ContentStreamInstruction([shown], pikepdf.Operator("TJ"))
        return pikepdf.unparse_content_stream(operators)

    def forms(self, pdf: pikepdf.Pdf) -> list[pikepdf.Object]:
        """Each page's number of `pdf`, as a form sharing the sample's resources."""
        template = pdf.copy_foreign(self.page.as_form_xobject())
        resources = pdf.make_indirect(template.Resources)
        total = len(pdf.pages)
        forms = []
        for n in range(1, total + 1):
            form = pikepdf.Stream(pdf, self.content(n, total))
            form.Type = pikepdf.Name.XObject
            form.Subtype = pikepdf.Name.Form
            form.BBox = template.BBox
            form.Resources = resources
            forms.append(pdf.make_indirect(form))
        return forms


def _widths(font: pikepdf.Object) -> dict[int, Decimal]:
    """A CID font's /W: `c [w1 w2 ...]` (from c on) or `first last w`."""
    widths: dict[int, Decimal] = {}
    entries = list(font.get("/W", []))
    k = 0
    while k < len(entries):
        if k + 1 < len(entries) and isinstance(entries[k + 1], pikepdf.Array):
            for offset, width in enumerate(entries[k + 1]):
                widths[int(entries[k]) + offset] = Decimal(str(width))
            k += 2
        elif k + 2 < len(entries):
            for cid in range(int(entries[k]), int(entries[k + 1]) + 1):
                widths[cid] = Decimal(str(entries[k + 2]))
            k += 3
        else:
            raise NumbersNotComposed("the sample's font has widths this cannot read")
    return widths


_HEX = re.compile(rb"<([0-9A-Fa-f]*)>")


def _to_unicode(font: pikepdf.Object) -> dict[int, str]:
    """The text each glyph stands for, from the font's ToUnicode map."""
    if "/ToUnicode" not in font:
        raise NumbersNotComposed("the sample's font says nothing of its glyphs' text")
    cmap = font.ToUnicode.read_bytes()
    found: dict[int, str] = {}

    def text(hexes: bytes) -> str:
        return bytes.fromhex(hexes.decode("ascii")).decode("utf-16-be", errors="replace")

    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
        codes = _HEX.findall(block)
        for k in range(0, len(codes) - 1, 2):
            found[int(codes[k], 16)] = text(codes[k + 1])
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
        for line in re.findall(rb"<[0-9A-Fa-f]+>\s*<[0-9A-Fa-f]+>\s*(?:<[0-9A-Fa-f]*>|\[[^\]]*\])", block):
            codes = _HEX.findall(line)
            low, high = int(codes[0], 16), int(codes[1], 16)
            if b"[" in line:
                for offset, each in enumerate(codes[2:]):
                    found[low + offset] = text(each)
            else:
                first = bytes.fromhex(codes[2].decode("ascii"))
                for offset in range(high - low + 1):
                    last = (int.from_bytes(first[-2:], "big") + offset).to_bytes(2, "big")
                    found[low + offset] = (first[:-2] + last).decode("utf-16-be", "replace")
    return found

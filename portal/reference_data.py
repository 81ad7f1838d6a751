"""Reference data every council starts with. Plain data: imported by the initial
migration (to seed a new database) and by the domain (to top it up), so it must
never import models."""

from __future__ import annotations

# (code, staff title, public wording, listed on the public register by default)
STANDARD_REJECTION_GROUNDS: tuple[tuple[str, str, str, bool], ...] = (
    (
        "not_council_business",
        "Not the council's business",
        "Your question is about something the council is not responsible for and that does not "
        "affect the area, so it cannot be answered at this meeting.",
        True,
    ),
    (
        "defamatory_frivolous_offensive",
        "Defamatory, frivolous or offensive",
        "Your question cannot be accepted because it could be defamatory, frivolous or offensive.",
        False,
    ),
    (
        "substantially_same",
        "Substantially the same as a question answered in the last six months",
        "A question that is substantially the same was answered in the last six months. "
        "The earlier answer is linked below.",
        True,
    ),
    (
        "confidential_exempt",
        "Needs confidential or exempt information",
        "Answering your question would mean giving out confidential or exempt information, "
        "which the council cannot do in a public meeting.",
        True,
    ),
    (
        "individual_case",
        "About an individual case or complaint",
        "Your question is about an individual case or complaint, which cannot be discussed in a "
        "public meeting. The council's complaints team can help with this instead.",
        False,
    ),
    (
        "names_staff",
        "Names a member of staff",
        "Your question names or identifies a member of staff. Questions at public meetings must "
        "not do this. You can ask again without naming anyone.",
        True,
    ),
    (
        "planning_licensing",
        "About a planning or licensing application",
        "Your question is about a planning or licensing application, which must be raised "
        "through the planning or licensing process instead.",
        True,
    ),
    (
        "after_deadline",
        "Received after the deadline",
        "Your question arrived after the deadline for this meeting. You can ask it at a later meeting.",
        True,
    ),
    (
        "over_limit",
        "Over the limit",
        "Your question goes over the limit on the number of questions or words for this meeting.",
        True,
    ),
)

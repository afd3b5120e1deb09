"""The criteria panels cite when giving reasons, as first loaded (a data migration and
``seed_panels``). The LA may add more or stop offering these; decisions copy what they cite.

Paragraph numbers are the LA's reading of the SEND Code of Practice 0-25 (January 2015) and the
law; check them against the current Code before relying on them in letters.
"""

from __future__ import annotations

_COP = "SEND Code of Practice 2015"
_CFA = "Children and Families Act 2014"
_REGS = "SEND Regulations 2014"

#: (code, title, reference, decision kinds)
DEFAULT_CRITERIA: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    (
        "may-have-sen",
        "The child or young person has or may have special educational needs",
        f"{_CFA}, section 36(8)(a)",
        ("assess",),
    ),
    (
        "may-need-plan",
        "Special educational provision may need to be made through an EHC plan",
        f"{_CFA}, section 36(8)(b)",
        ("assess",),
    ),
    (
        "action-and-progress",
        "The setting took relevant and purposeful action, and the progress the child made",
        f"{_COP}, paragraphs 9.14 to 9.15",
        ("assess",),
    ),
    (
        "provision-beyond-resources",
        "The provision needed cannot reasonably be made from the resources normally available "
        "to the setting",
        f"{_COP}, paragraphs 9.53 to 9.56",
        ("issue",),
    ),
    (
        "assessment-advice",
        "The advice and information gathered in the assessment",
        f"{_REGS}, regulation 6",
        ("issue", "reassess"),
    ),
    (
        "reassessment-necessary",
        "Whether a reassessment is necessary, for example because needs have changed",
        f"{_CFA}, section 44(2); {_REGS}, regulations 24 to 25",
        ("reassess",),
    ),
    (
        "plan-no-longer-necessary",
        "Special educational provision through a plan is no longer necessary",
        f"{_CFA}, section 45(1)(b); {_REGS}, regulation 29",
        ("cease",),
    ),
    (
        "la-no-longer-responsible",
        "The council is no longer responsible for the child or young person",
        f"{_CFA}, section 45(1)(a); {_REGS}, regulation 30",
        ("cease",),
    ),
    (
        "end-of-academic-year",
        "Support should generally end at the end of an academic year",
        f"{_COP}, paragraph 9.207",
        ("cease",),
    ),
    (
        "band-matches-need",
        "The level of need and provision matches the band's descriptor",
        "The council's high-needs banding framework",
        ("funding",),
    ),
    (
        "provision-specified",
        "The provision in section F is specific and quantified",
        f"{_COP}, paragraph 9.69",
        ("funding", "placement"),
    ),
    (
        "family-preference",
        "The family's preferred school or college, unless unsuitable or incompatible with the "
        "efficient education of others or the efficient use of resources",
        f"{_CFA}, section 39; {_COP}, paragraph 9.79",
        ("placement",),
    ),
    (
        "mainstream-presumption",
        "The presumption of education in a mainstream setting",
        f"{_CFA}, section 33",
        ("placement",),
    ),
)

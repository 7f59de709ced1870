"""Form fields the templates render: name, label, kind, value, errors — no Django forms machinery.

The registration validator (``registry.inputs``) is the single source of truth for what is valid; the web
only carries strings to it and places the ``FieldError``s it returns next to the right input.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from mixmig.apps.registry.vocabularies import DocumentKind, Reason, Sex, TransportMode


@dataclass
class Field:
    name: str
    label: Any
    kind: str = "text"  # text, date, number, select, checkboxes, tel, email
    value: Any = ""
    errors: list[str] = field(default_factory=list)
    choices: list[tuple[str, Any]] = field(default_factory=list)
    help: Any = ""
    datalist: str = ""
    direction: str = ""  # "auto" for names in original script (Arabic is right-to-left)
    wide: bool = False

    @property
    def id(self) -> str:
        return "f-" + self.name

    @property
    def selected(self) -> list[str]:
        return self.value if isinstance(self.value, list) else [self.value]


@dataclass(frozen=True)
class Spec:
    key: str
    label: Any
    kind: str = "text"
    choices: tuple = ()
    help: Any = ""
    datalist: str = ""
    direction: str = ""
    wide: bool = False

    def bind(self, prefix: str, value: Any = "", errors: list[str] | None = None) -> Field:
        return Field(
            name=prefix + self.key,
            label=self.label,
            kind=self.kind,
            value=value if value is not None else "",
            errors=list(errors or []),
            choices=list(self.choices),
            help=self.help,
            datalist=self.datalist,
            direction=self.direction,
            wide=self.wide,
        )


SCRIPT_CHOICES = (
    ("", _("— not given —")),
    ("Arab", _("Arabic")),
    ("Ethi", _("Ethiopic (Tigrinya, Amharic)")),
    ("Cyrl", _("Cyrillic")),
    ("Hans", _("Chinese (simplified)")),
    ("Hant", _("Chinese (traditional)")),
    ("Beng", _("Bengali")),
    ("Deva", _("Devanagari")),
    ("Latn", _("Latin")),
    ("Zyyy", _("Other")),
)

# Relation of each member (from the second on) to member 1, with the direction spelt out.
# value → (relation stored, True when member 1 is the subject: "member 1 is the <relation> of this person")
RELATION_MAP: dict[str, tuple[str, bool]] = {
    "unknown": ("unknown", True),
    "m1_parent": ("parent", True),
    "parent_of_m1": ("parent", False),
    "m1_legal_guardian": ("legal_guardian", True),
    "legal_guardian_of_m1": ("legal_guardian", False),
    "sibling": ("sibling", True),
    "spouse": ("spouse", True),
    "other_relative": ("other_relative", True),
    "m1_unrelated_adult": ("unrelated_adult", True),
    "unrelated_adult_to_m1": ("unrelated_adult", False),
}
RELATION_CHOICES = (
    ("unknown", _("Unknown")),
    ("m1_parent", _("Member 1 is this person's parent")),
    ("parent_of_m1", _("This person is member 1's parent")),
    ("m1_legal_guardian", _("Member 1 is this person's legal guardian")),
    ("legal_guardian_of_m1", _("This person is member 1's legal guardian")),
    ("sibling", _("Sibling of member 1")),
    ("spouse", _("Spouse of member 1")),
    ("other_relative", _("Other relative of member 1")),
    ("m1_unrelated_adult", _("Member 1 is an adult not related to this person")),
    ("unrelated_adult_to_m1", _("This person is an adult not related to member 1")),
)

SMUGGLER_CHOICES = (("", _("Unknown")), ("yes", _("Yes")), ("no", _("No")))

MEMBER_SPECS = (
    Spec("given_name", _("Given name (Latin letters)")),
    Spec("family_name", _("Family name (Latin letters)")),
    Spec("given_name_original", _("Given name (original script)"), direction="auto"),
    Spec("family_name_original", _("Family name (original script)"), direction="auto"),
    Spec("original_script", _("Script"), "select", SCRIPT_CHOICES),
    Spec("sex", _("Sex"), "select", tuple(Sex.choices)),
    Spec("birth_date", _("Date of birth"), "date", help=_("If known exactly.")),
    Spec("birth_year", _("or year of birth"), "number", help=_("If only the year is known.")),
    Spec("age_estimate", _("or estimated age"), "number", help=_("In years, today.")),
    Spec(
        "nationalities",
        _("Nationalities"),
        datalist="countries",
        help=_("ISO 3166 alpha-3 codes separated by commas, e.g. SYR, ERI; XXA stateless, XXX unknown."),
    ),
    Spec(
        "languages",
        _("Languages"),
        datalist="languages",
        help=_("ISO 639 codes separated by commas, e.g. ara, tir, prs."),
    ),
    Spec("phones", _("Phone"), "tel", help=_("With the country code, e.g. +249 912 345 678.")),
    Spec("emails", _("E-mail"), "email"),
    Spec("person_number", _("Known person number"), help=_("Only if this person was registered before.")),
    Spec(
        "relation",
        _("Relation to member 1"),
        "select",
        RELATION_CHOICES,
        help=_(
            "Read it as a sentence. If member 1 is the mother and this is her son, choose "
            "“Member 1 is this person's parent”. If this person is the father of member 1, choose "
            "“This person is member 1's parent”. A teenager travelling with a family he is not related to: "
            "“Member 1 is an adult not related to this person”."
        ),
        wide=True,
    ),
)
DOCUMENT_SPECS = (
    Spec("kind", _("Document"), "select", tuple(DocumentKind.choices)),
    Spec("number", _("Number")),
    Spec("issuing_country", _("Issued by (country)"), datalist="countries"),
    Spec("expires_on", _("Expires on"), "date"),
)
JOURNEY_SPECS = (
    Spec("origin_country", _("Country of origin"), datalist="countries", help=_("ISO alpha-3, e.g. SDN.")),
    Spec("origin_place", _("Place of origin")),
    Spec("departed_on", _("Left on"), "date"),
    Spec(
        "transit_countries",
        _("Transit countries"),
        datalist="countries",
        help=_("In the order travelled, separated by commas, e.g. LBY, TUN."),
    ),
    Spec("intended_destination", _("Intended destination"), datalist="countries"),
    Spec("transport_mode", _("Main transport"), "select", (("", _("— not given —")), *TransportMode.choices)),
    Spec("smuggler_paid", _("Paid a smuggler"), "select", SMUGGLER_CHOICES),
    Spec("journey_cost", _("Cost of the journey"), "number"),
    Spec("journey_cost_currency", _("Currency"), help=_("ISO 4217, e.g. USD, EUR.")),
    Spec("reasons_for_leaving", _("Reasons for leaving"), "checkboxes", tuple(Reason.choices), wide=True),
)

MEMBER_KEYS = tuple(s.key for s in MEMBER_SPECS)
DOCUMENT_KEYS = tuple(s.key for s in DOCUMENT_SPECS)
JOURNEY_KEYS = tuple(s.key for s in JOURNEY_SPECS)

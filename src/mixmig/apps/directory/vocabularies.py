"""Service types and the field groups a referral may share (data minimisation)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ServiceType(models.TextChoices):
    ASYLUM_PROCEDURE = "asylum_procedure", _("Asylum procedure")
    NATIONAL_REFERRAL_MECHANISM = (
        "national_referral_mechanism",
        _("National referral mechanism (trafficking)"),
    )
    BEST_INTERESTS_PROCEDURE = "best_interests_procedure", _("Best-interests procedure")
    CHILD_PROTECTION = "child_protection", _("Child protection")
    GUARDIANSHIP = "guardianship", _("Guardianship")
    FAMILY_TRACING = "family_tracing", _("Family tracing")
    STATELESSNESS_DETERMINATION = "statelessness_determination", _("Statelessness determination")
    TEMPORARY_PROTECTION = "temporary_protection", _("Temporary or humanitarian protection")
    REGULAR_PATHWAY = "regular_pathway", _("Regular or labour pathway")
    ASSISTED_VOLUNTARY_RETURN = "assisted_voluntary_return", _("Assisted voluntary return and reintegration")
    RETURN = "return", _("Return")
    HEALTH = "health", _("Health care")
    PSYCHOSOCIAL = "psychosocial", _("Mental health and psychosocial support")
    LEGAL_AID = "legal_aid", _("Legal aid")
    SHELTER = "shelter", _("Shelter")
    OTHER = "other", _("Other")


#: Service types that send a person back: guarded by non-refoulement (DESIGN.md principle 2).
RETURN_TYPES = frozenset({ServiceType.ASSISTED_VOLUNTARY_RETURN, ServiceType.RETURN})
#: Procedures whose open referral means a protection need is being determined.
PROTECTION_TYPES = frozenset(
    {
        ServiceType.ASYLUM_PROCEDURE,
        ServiceType.NATIONAL_REFERRAL_MECHANISM,
        ServiceType.BEST_INTERESTS_PROCEDURE,
        ServiceType.STATELESSNESS_DETERMINATION,
    }
)


class FieldGroup(models.TextChoices):
    """Groups of personal data a referral may carry. A service lists the groups it needs; nothing else goes."""

    IDENTITY = "identity", _("Name, sex and date of birth")
    NATIONALITY = "nationality", _("Nationalities and languages")
    DOCUMENTS = "documents", _("Identity documents")
    CONTACT = "contact", _("Phones and e-mail addresses")
    JOURNEY = "journey", _("Journey: origin, route, transport")
    REASONS = "reasons", _("Reasons for leaving")
    SCREENING = "screening", _("Answers to screening questions")
    GROUP = "group", _("Travel group and relations")


FIELD_GROUP_VALUES = frozenset(FieldGroup.values)

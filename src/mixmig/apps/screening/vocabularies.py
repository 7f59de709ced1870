"""Translatable names of the procedures, services, priorities and risk levels that policy packs use."""

from django.utils.translation import gettext_lazy as _

PROCEDURES = {
    "asylum": _("Asylum procedure"),
    "national_referral_mechanism": _("National referral mechanism (trafficking)"),
    "best_interests_procedure": _("Best-interests procedure (child protection)"),
    "statelessness_determination": _("Statelessness determination"),
    "assisted_voluntary_return": _("Assisted voluntary return and reintegration"),
    "return": _("Return"),
    "regular_pathway": _("Regular or labour pathway"),
    "temporary_protection": _("Temporary protection"),
    "humanitarian_protection": _("Humanitarian protection"),
    "service_referral": _("Referral to services"),
}

SERVICES = {
    "child_protection": _("Child protection"),
    "guardianship": _("Guardianship"),
    "age_assessment": _("Age assessment"),
    "legal_aid": _("Legal aid"),
    "medical": _("Medical care"),
    "mental_health": _("Mental health"),
    "psychosocial": _("Psychosocial support"),
    "shelter": _("Shelter"),
    "safe_shelter": _("Safe shelter"),
    "gbv_services": _("Gender-based violence services"),
    "disability_support": _("Disability support"),
    "family_tracing": _("Family tracing"),
    "counter_trafficking": _("Counter-trafficking support"),
    "interpretation": _("Interpretation"),
    "reintegration": _("Reintegration"),
    "labour_migration": _("Labour migration"),
    "maternal_health": _("Maternal health"),
}

PRIORITIES = {"urgent": _("Urgent"), "high": _("High"), "normal": _("Normal"), "low": _("Low")}

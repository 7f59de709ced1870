"""Controlled vocabularies of the registry (values stored; labels translated)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SiteKind(models.TextChoices):
    BORDER_POINT = "border_point", _("Border point")
    TRANSIT_CENTRE = "transit_centre", _("Transit centre")
    RECEPTION_CENTRE = "reception_centre", _("Reception centre")
    OFFICE = "office", _("Office")


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Unknown")


class BirthDatePrecision(models.TextChoices):
    EXACT = "exact", _("Exact date")
    YEAR = "year", _("Year only")
    AGE_ESTIMATE = "age_estimate", _("Estimated age")
    UNKNOWN = "unknown", _("Unknown")


class Relation(models.TextChoices):
    """How one member of a travel group relates to another: "A is the <relation> of B"."""

    PARENT = "parent", _("Parent")
    LEGAL_GUARDIAN = "legal_guardian", _("Legal guardian")
    SIBLING = "sibling", _("Sibling")
    SPOUSE = "spouse", _("Spouse")
    OTHER_RELATIVE = "other_relative", _("Other relative")
    UNRELATED_ADULT = "unrelated_adult", _("Unrelated adult")
    UNKNOWN = "unknown", _("Unknown")


class Reason(models.TextChoices):
    CONFLICT_VIOLENCE = "conflict_violence", _("Conflict or violence")
    PERSECUTION = "persecution", _("Persecution")
    ECONOMIC = "economic", _("Economic")
    ENVIRONMENTAL = "environmental", _("Environmental change or disaster")
    FAMILY = "family", _("Family")
    EDUCATION = "education", _("Education")
    OTHER = "other", _("Other")


class TransportMode(models.TextChoices):
    FOOT = "foot", _("On foot")
    ROAD = "road", _("Road (car, bus, truck)")
    RAIL = "rail", _("Rail")
    SEA = "sea", _("Sea (boat)")
    AIR = "air", _("Air")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Unknown")


class DocumentKind(models.TextChoices):
    PASSPORT = "passport", _("Passport")
    NATIONAL_ID = "national_id", _("National identity card")
    BIRTH_CERTIFICATE = "birth_certificate", _("Birth certificate")
    REFUGEE_ID = "refugee_id", _("Refugee or asylum-seeker document")
    TRAVEL_DOCUMENT = "travel_document", _("Travel document")
    OTHER = "other", _("Other document")


class ContactKind(models.TextChoices):
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("E-mail")


# Nationality values besides ISO 3166-1 alpha-3 codes.
STATELESS = "XXA"  # ICAO 9303 code for a stateless person
UNKNOWN_NATIONALITY = "XXX"  # ICAO 9303: unspecified nationality
SPECIAL_NATIONALITIES = {STATELESS: "Stateless", UNKNOWN_NATIONALITY: "Unknown"}

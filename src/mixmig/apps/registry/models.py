"""Persons, registrations, travel groups, sites — and the search keys derived from identities."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from mixmig.apps.registry.vocabularies import (
    BirthDatePrecision,
    ContactKind,
    DocumentKind,
    Relation,
    Sex,
    SiteKind,
    TransportMode,
)


class Site(models.Model):
    """A place where people are registered: border point, transit or reception centre, office."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=32, choices=SiteKind.choices)
    country = models.CharField(max_length=3, help_text="ISO 3166-1 alpha-3")
    pcode = models.CharField(max_length=32, blank=True, help_text="Administrative P-code")
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    agency = models.ForeignKey("access.Agency", on_delete=models.PROTECT, null=True, blank=True)

    class Meta:
        ordering = ["country", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.country})"


class Person(models.Model):
    """An individual. Carries one or more registrations until identities are merged."""

    number = models.CharField(max_length=16, unique=True, help_text="Person number with check character")
    agency = models.ForeignKey("access.Agency", on_delete=models.PROTECT, related_name="persons")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # set when this person's registrations were merged into another person (see PersonMerge); cleared on unmerge
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.number


class PersonMerge(models.Model):
    """Registrations of ``merged`` moved to ``survivor``: exactly what moved, so that unmerge restores both."""

    survivor = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    merged = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    registration_ids = models.JSONField(default=list)
    reason = models.TextField()
    merged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    merged_at = models.DateTimeField(auto_now_add=True)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    undo_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-merged_at", "-id"]


class PersonShare(models.Model):
    """Makes a person visible to another agency (for a purpose), like that agency's own records."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="shares")
    agency = models.ForeignKey("access.Agency", on_delete=models.PROTECT, related_name="+")
    purpose = models.CharField(max_length=200)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        unique_together = [("person", "agency")]


class TravelGroup(models.Model):
    """People registered together at one encounter."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT)
    agency = models.ForeignKey("access.Agency", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")


class Registration(models.Model):
    """One encounter with a person at a site on a date: identity as declared, journey, reasons."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="registrations")
    group = models.ForeignKey(
        TravelGroup, on_delete=models.PROTECT, null=True, blank=True, related_name="members"
    )
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="registrations")
    registered_on = models.DateField()
    agency = models.ForeignKey("access.Agency", on_delete=models.PROTECT, related_name="registrations")
    team = models.ForeignKey("access.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # identity as declared (encrypted at rest in a later step; searched only through SearchKey)
    given_name = models.CharField(max_length=200, blank=True)
    family_name = models.CharField(max_length=200, blank=True)
    given_name_original = models.CharField(max_length=200, blank=True)
    family_name_original = models.CharField(max_length=200, blank=True)
    original_script = models.CharField(max_length=4, blank=True, help_text="ISO 15924 code, e.g. Arab")
    sex = models.CharField(max_length=8, choices=Sex.choices, default=Sex.UNKNOWN)
    birth_date = models.DateField(null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True)
    birth_precision = models.CharField(
        max_length=16, choices=BirthDatePrecision.choices, default=BirthDatePrecision.UNKNOWN
    )
    age_estimate = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Estimated age in years on registered_on"
    )
    nationalities = models.JSONField(
        default=list, blank=True, help_text="ISO alpha-3 codes, XXA stateless, XXX unknown"
    )
    languages = models.JSONField(default=list, blank=True, help_text="ISO 639-3 codes")

    # journey
    origin_country = models.CharField(max_length=3, blank=True)
    origin_place = models.CharField(max_length=200, blank=True)
    departed_on = models.DateField(null=True, blank=True)
    intended_destination = models.CharField(max_length=3, blank=True)
    transport_mode = models.CharField(max_length=16, choices=TransportMode.choices, blank=True)
    smuggler_paid = models.BooleanField(null=True, blank=True)
    journey_cost = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    journey_cost_currency = models.CharField(max_length=3, blank=True, help_text="ISO 4217")
    reasons_for_leaving = models.JSONField(default=list, blank=True)

    # answers to screening questions (used by the screening app)
    screening_answers = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-registered_on", "-id"]
        indexes = [
            models.Index(fields=["agency", "registered_on"]),
            models.Index(fields=["site", "registered_on"]),
            # scope checks per person (search, person page): "has this person a registration of agency X?"
            models.Index(fields=["person", "agency"]),
        ]


class GroupRelation(models.Model):
    """Within a travel group: ``subject`` is the ``relation`` of ``other`` (e.g. A is parent of B)."""

    group = models.ForeignKey(TravelGroup, on_delete=models.CASCADE, related_name="relations")
    subject = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="relations_as_subject")
    other = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="relations_as_other")
    relation = models.CharField(max_length=20, choices=Relation.choices)

    class Meta:
        unique_together = [("subject", "other")]


class IdentityDocument(models.Model):
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=24, choices=DocumentKind.choices)
    number = models.CharField(max_length=64)
    issuing_country = models.CharField(max_length=3, blank=True)
    expires_on = models.DateField(null=True, blank=True)


class Contact(models.Model):
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="contacts")
    kind = models.CharField(max_length=8, choices=ContactKind.choices)
    value = models.CharField(max_length=200, help_text="E.164 for phones")


class JourneyLeg(models.Model):
    """A transit stop between origin and the registration site."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="legs")
    sequence = models.PositiveSmallIntegerField()
    country = models.CharField(max_length=3)
    place = models.CharField(max_length=200, blank=True)
    arrived_on = models.DateField(null=True, blank=True)
    departed_on = models.DateField(null=True, blank=True)
    transport_mode = models.CharField(max_length=16, choices=TransportMode.choices, blank=True)

    class Meta:
        ordering = ["sequence"]
        unique_together = [("registration", "sequence")]


class SearchKey(models.Model):
    """A keyed blind index (HMAC) of one search term of a registration: name token or prefix, document, phone.

    Only the 64-bit digest is stored, so the table reveals no names; search hashes the query the same way.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+", db_index=False)
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="+", db_index=False)
    digest = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["digest", "person"]), models.Index(fields=["registration"])]

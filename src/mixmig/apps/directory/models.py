"""Providers and the services they offer: what a referral can be sent to."""

from __future__ import annotations

from django.db import models

from mixmig.apps.directory.vocabularies import ServiceType


class Provider(models.Model):
    """An organisation offering services; ``agency`` is set when it runs (part of) mixmig."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    agency = models.ForeignKey(
        "access.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    contact_email = models.EmailField(blank=True)
    website = models.URLField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Service(models.Model):
    """One entry of the directory: a procedure or service a person can be referred to."""

    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="services")
    service_type = models.CharField(max_length=40, choices=ServiceType.choices, db_index=True)
    country = models.CharField(max_length=3, blank=True, help_text="ISO 3166-1 alpha-3")
    place = models.CharField(max_length=200, blank=True)
    pcode = models.CharField(max_length=32, blank=True)
    languages = models.JSONField(default=list, blank=True, help_text="ISO 639-3 codes")
    opening_hours = models.CharField(max_length=200, blank=True)
    capacity = models.PositiveIntegerField(null=True, blank=True, help_text="People served at a time")
    eligibility = models.TextField(blank=True)
    consent_required = models.BooleanField(default=True)
    data_fields = models.JSONField(
        default=list, blank=True, help_text="Field groups the service needs (data minimisation)"
    )
    default_deadline_hours = models.PositiveIntegerField(null=True, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    exchange_partner = models.CharField(
        max_length=40, blank=True, help_text="Code of the partner instance that receives referrals (exchange)"
    )
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["service_type", "country"])]

    def __str__(self) -> str:
        return self.name

    @property
    def agency_id(self):
        return self.provider.agency_id

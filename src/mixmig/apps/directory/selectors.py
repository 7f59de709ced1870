"""Reading the service directory (no personal data: every signed-in role may search it)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from mixmig.apps.directory.models import Service
from mixmig.apps.registry.errors import NotVisible


def search_services(
    service_type: str = "", place: str = "", language: str = "", country: str = "", active_only: bool = True
) -> QuerySet[Service]:
    """Services by type, place (name or P-code, case-insensitive), language (ISO 639) and country."""
    qs = Service.objects.select_related("provider", "provider__agency")
    if active_only:
        qs = qs.filter(active=True)
    if service_type:
        qs = qs.filter(service_type=service_type)
    if country:
        qs = qs.filter(country=country.upper())
    if place:
        qs = qs.filter(Q(place__icontains=place) | Q(pcode__iexact=place))
    services = qs.order_by("name")
    if language:
        code = language.strip().lower()
        ids = [s.pk for s in services if code in s.languages]
        services = services.filter(pk__in=ids)
    return services


def get_service(code: str) -> Service:
    service = Service.objects.select_related("provider", "provider__agency").filter(code=code).first()
    if service is None:
        raise NotVisible(f"no service with code {code!r} in the directory")
    return service


def services_of_type(service_type: str) -> QuerySet[Service]:
    return search_services(service_type=service_type)

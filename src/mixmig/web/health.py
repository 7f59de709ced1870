"""``/healthz``: for operators and load balancers. Says whether the database answers; no personal data."""

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.http import require_GET

from mixmig import __version__


@require_GET
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database = "ok"
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        database = "unavailable"
    status = 200 if database == "ok" else 503
    return JsonResponse(
        {"status": "ok" if status == 200 else "degraded", "database": database, "version": __version__},
        status=status,
    )

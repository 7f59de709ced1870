"""The REST API (django-ninja), mounted at ``/api/v1``; interactive docs at ``/api/v1/docs``.

Every operation except ``POST /auth/token`` needs ``Authorization: Bearer <token>``. Handlers are thin:
they call registry/access services and selectors, which check role and scope and write the audit log.
"""

from ninja import NinjaAPI

from mixmig.api import (
    audit,
    auth,
    casework,
    errors,
    exchange,
    identity,
    persons,
    registrations,
    screening,
    sites,
)

api = NinjaAPI(
    title="mixmig API",
    version="1",
    description=(
        "Register people and travel groups, search and read persons, and verify the audit log. "
        "Get a token with `POST /api/v1/auth/token` and send it as `Authorization: Bearer <token>`. "
        "Errors share one body: `{detail, errors: [{field, message}]}`."
    ),
    urls_namespace="api",
    auth=auth.BearerToken(),
)
errors.install(api)
casework.install(api)
api.add_router("", casework.router)
for module in (auth, registrations, persons, screening, sites, audit, identity, exchange):
    api.add_router("", module.router)

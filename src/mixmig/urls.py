"""Root URL configuration: the web UI, the REST API under /api/v1, and /healthz for operators."""

from django.urls import include, path

from mixmig.api.api import api
from mixmig.web.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("mixmig.web.urls")),
]

"""The API alone as a URL configuration (``/api/v1/...``): the project's urls.py mounts the same paths.

Useful to serve or test the API without the web UI.
"""

from django.urls import path

from mixmig.api.api import api

urlpatterns = [path("api/v1/", api.urls)]

"""The project's URLs plus one minimal authenticated view, the yardstick the pages are compared with."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from sendcpp.urls import urlpatterns as project_urlpatterns


def minimal(request: HttpRequest) -> HttpResponse:
    return HttpResponse(f"ok {request.user.pk}")


urlpatterns = [path("bench/minimal/", minimal), *project_urlpatterns]

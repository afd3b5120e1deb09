from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

# API clients get errors as JSON, as the API itself answers them (``sendcpp.api.errors``), also
# for an address that matches no endpoint (say, an id that is not a UUID).
API_PREFIX = "/api/"


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": "Not found."}, status=404)
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": "Server error."}, status=500)
    return render(request, "500.html", status=500)

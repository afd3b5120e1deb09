from django.contrib.auth.decorators import login_not_required
from django.urls import path
from rest_framework.routers import DefaultRouter

from sendcpp.api import views

router = DefaultRouter()
router.register("children", views.ChildViewSet, basename="api-child")
router.register("cases", views.CaseViewSet, basename="api-case")

urlpatterns = [
    *router.urls,
    path(
        "documents/<uuid:public_id>/download/",
        views.DocumentDownloadView.as_view(),
        name="api-document-download",
    ),
]

# The API authenticates every request itself (partner key or session) and answers 401/403/404
# as JSON rather than redirecting to the sign-in page.
for pattern in urlpatterns:
    pattern.callback = login_not_required(pattern.callback)

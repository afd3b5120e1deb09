from django.contrib.auth.decorators import login_not_required
from rest_framework.routers import DefaultRouter

from ehcp.api import views

router = DefaultRouter()
router.register("requests", views.RequestViewSet, basename="api-ehcp-request")
router.register("assessments", views.AssessmentViewSet, basename="api-ehcp-assessment")
router.register("advice-requests", views.AdviceRequestViewSet, basename="api-ehcp-advice-request")
router.register(
    "advice-submissions", views.AdviceSubmissionViewSet, basename="api-ehcp-advice-submission"
)
router.register("plans", views.PlanViewSet, basename="api-ehcp-plan")
router.register("versions", views.VersionViewSet, basename="api-ehcp-version")
router.register("reviews", views.ReviewViewSet, basename="api-ehcp-review")

urlpatterns = router.urls

# The API authenticates every request itself (partner key or session) and answers 401/403/404
# as JSON rather than redirecting to the sign-in page.
for pattern in urlpatterns:
    pattern.callback = login_not_required(pattern.callback)

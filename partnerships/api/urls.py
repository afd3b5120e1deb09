from django.contrib.auth.decorators import login_not_required
from rest_framework.routers import DefaultRouter

from partnerships.api import views

router = DefaultRouter()
router.include_root_view = False
router.register("boards", views.BoardViewSet, basename="api-partnership-board")
router.register("members", views.MemberViewSet, basename="api-partnership-member")
router.register("meetings", views.MeetingViewSet, basename="api-partnership-meeting")
router.register("actions", views.ActionViewSet, basename="api-partnership-action")
router.register("plan-versions", views.PlanVersionViewSet, basename="api-partnership-plan-version")
router.register(
    "published-plans", views.PublishedPlanViewSet, basename="api-partnership-published-plan"
)

urlpatterns = router.urls

# The API authenticates every request itself (session or partner key) and answers 401/403/404 as
# JSON rather than redirecting to the sign-in page; published plans are public.
for pattern in urlpatterns:
    pattern.callback = login_not_required(pattern.callback)

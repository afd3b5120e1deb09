from django.contrib.auth.decorators import login_not_required
from rest_framework.routers import DefaultRouter

from support.api import views

router = DefaultRouter()
router.include_root_view = False
router.register("plans", views.SupportPlanViewSet, basename="api-support-plan")
router.register("delivery", views.SupportDeliveryViewSet, basename="api-support-delivery")
router.register("standards", views.SupportStandardViewSet, basename="api-support-standard")

urlpatterns = router.urls

# The API authenticates every request itself (session or partner key) and answers 401/403/404 as
# JSON rather than redirecting to the sign-in page.
for pattern in urlpatterns:
    pattern.callback = login_not_required(pattern.callback)

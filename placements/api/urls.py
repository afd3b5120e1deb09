from django.contrib.auth.decorators import login_not_required
from rest_framework.routers import DefaultRouter

from placements.api import views

router = DefaultRouter()
router.register("settings", views.SettingViewSet, basename="api-placements-setting")
router.register(
    "tailored-lists", views.TailoredListViewSet, basename="api-placements-tailored-list"
)
router.register("consultations", views.ConsultationViewSet, basename="api-placements-consultation")
router.register("placements", views.PlacementViewSet, basename="api-placements-placement")

urlpatterns = router.urls

# The API authenticates every request itself (partner key or session) and answers 401/403/404
# as JSON rather than redirecting to the sign-in page.
for pattern in urlpatterns:
    pattern.callback = login_not_required(pattern.callback)

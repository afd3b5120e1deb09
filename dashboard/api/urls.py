from django.contrib.auth.decorators import login_not_required
from rest_framework.routers import SimpleRouter

from dashboard.api import views

router = SimpleRouter()
router.register("datasets", views.DatasetViewSet, basename="api-dashboard-dataset")
router.register("areas", views.AreaViewSet, basename="api-dashboard-area")
router.register("values", views.StatisticValueViewSet, basename="api-dashboard-value")
router.register("live", views.LiveViewSet, basename="api-dashboard-live")

urlpatterns = router.urls

# Public and read-only: no sign-in, so no redirect to the sign-in page.
for pattern in urlpatterns:
    pattern.callback = login_not_required(pattern.callback)

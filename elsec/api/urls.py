from django.contrib.auth.decorators import login_not_required
from rest_framework.routers import DefaultRouter

from elsec.api import views

router = DefaultRouter()
router.include_root_view = False
router.register("pathfinders", views.PathfinderViewSet, basename="api-elsec-pathfinder")
router.register("settings", views.SettingViewSet, basename="api-elsec-setting")
router.register("children", views.ChildRecordViewSet, basename="api-elsec-child")

urlpatterns = router.urls

# The API authenticates every request itself (session or partner key) and answers 401/403/404 as
# JSON rather than redirecting to the sign-in page.
for pattern in urlpatterns:
    pattern.callback = login_not_required(pattern.callback)

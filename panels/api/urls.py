from django.contrib.auth.decorators import login_not_required
from rest_framework.routers import DefaultRouter

from panels.api import views

router = DefaultRouter()
router.register("panels", views.PanelViewSet, basename="api-panels-panel")
router.register("meetings", views.MeetingViewSet, basename="api-panels-meeting")
router.register("agenda-items", views.AgendaItemViewSet, basename="api-panels-item")
router.register("decisions", views.DecisionViewSet, basename="api-panels-decision")
router.register("bands", views.BandViewSet, basename="api-panels-band")

urlpatterns = router.urls

# The API authenticates every request itself (partner key or session) and answers 401/403/404
# as JSON rather than redirecting to the sign-in page.
for pattern in urlpatterns:
    pattern.callback = login_not_required(pattern.callback)

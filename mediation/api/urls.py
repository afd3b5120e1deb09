from django.contrib.auth.decorators import login_not_required
from rest_framework.routers import DefaultRouter

from mediation.api import views

router = DefaultRouter()
router.register("windows", views.AppealWindowViewSet, basename="api-mediation-window")
router.register("mediations", views.MediationViewSet, basename="api-mediation-mediation")
router.register("agreed-actions", views.AgreementTermViewSet, basename="api-mediation-term")
router.register("appeals", views.TribunalAppealViewSet, basename="api-mediation-appeal")
router.register("orders", views.TribunalOrderViewSet, basename="api-mediation-order")
router.register(
    "disagreement-resolutions",
    views.DisagreementResolutionViewSet,
    basename="api-mediation-disagreement-resolution",
)
router.register(
    "advice-services", views.AdviceServiceViewSet, basename="api-mediation-advice-service"
)

urlpatterns = router.urls

# The API authenticates every request itself (partner key or session) and answers 401/403/404
# as JSON rather than redirecting to the sign-in page.
for pattern in urlpatterns:
    pattern.callback = login_not_required(pattern.callback)

from django.contrib.auth.decorators import login_not_required
from rest_framework.routers import DefaultRouter

from records.api import views

router = DefaultRouter()
router.include_root_view = False
router.register("plan-transfers", views.PlanTransferViewSet, basename="api-plan-transfer")
router.register("disclosures", views.DisclosureViewSet, basename="api-disclosure")
router.register("plan-exports", views.PlanExportViewSet, basename="api-plan-export")
router.register(
    "subject-access-requests",
    views.SubjectAccessRequestViewSet,
    basename="api-subject-access-request",
)
router.register("disposal-lists", views.DisposalBatchViewSet, basename="api-disposal-list")
router.register("migration-runs", views.MigrationRunViewSet, basename="api-migration-run")

urlpatterns = router.urls

# The API authenticates every request itself and answers 401/403/404 as JSON.
for pattern in urlpatterns:
    pattern.callback = login_not_required(pattern.callback)

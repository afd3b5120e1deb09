from django.contrib.auth.decorators import login_not_required
from rest_framework.routers import DefaultRouter

from feedback.api import views

router = DefaultRouter()
router.include_root_view = False
router.register("questionnaires", views.QuestionnaireViewSet, basename="api-feedback-questionnaire")
router.register("you-said-we-did", views.EntryViewSet, basename="api-feedback-entry")

urlpatterns = router.urls

# The API authenticates every request itself (session or partner key) and answers 401/403/404 as
# JSON rather than redirecting to the sign-in page; the published entries are public.
for pattern in urlpatterns:
    pattern.callback = login_not_required(pattern.callback)

"""Background tasks of the placements app: load by id, call a service, nothing more."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from placements import services


@shared_task(
    bind=True,
    autoretry_for=(Exception,),
    retry_backoff=True,
    max_retries=3,
    acks_late=True,
)
def render_tailored_list_pdf(self, version_id: int) -> str:
    """Make the PDF of a published tailored list. Safe to run twice; after the last retry the
    failure is recorded on the document so the user sees it."""
    try:
        return services.store_list_pdf(version_id).status
    except Exception as error:
        if self.request.retries >= self.max_retries:
            services.mark_list_pdf_failed(version_id, reason=f"{type(error).__name__}: {error}")
        raise


@shared_task(acks_late=True)
def follow_up_tailored_lists() -> int:
    """Tell coordinators about families without a preference (safe to run any number of times:
    each list is followed up once)."""
    return len(services.follow_up_lists_without_preference(today=timezone.localdate()))

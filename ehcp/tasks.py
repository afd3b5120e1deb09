"""Background tasks of the EHC journey: load by id, call a service, nothing more."""

from __future__ import annotations

from celery import shared_task

from ehcp import services


@shared_task(
    bind=True,
    autoretry_for=(Exception,),
    retry_backoff=True,
    max_retries=3,
    acks_late=True,
)
def render_plan_version_pdf(self, version_id: int) -> str:
    """Make the PDF of an issued plan version. Safe to run twice; after the last retry the
    failure is recorded on the document so the user sees it."""
    try:
        return services.store_plan_pdf(version_id).status
    except Exception as error:
        if self.request.retries >= self.max_retries:
            services.mark_plan_pdf_failed(version_id, reason=f"{type(error).__name__}: {error}")
        raise

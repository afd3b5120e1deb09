import sendcpp.apps


def _touchpoint_event_written(sender, instance, created, **kwargs) -> None:
    """A timeline event of a touchpoint was written: ask the people it concerns once the event
    is committed. The apps that write the events know nothing of feedback."""
    from feedback.models import CASE_TOUCHPOINTS

    if created and instance.kind in CASE_TOUCHPOINTS:
        from sendcpp.celery import enqueue_on_commit

        enqueue_on_commit("feedback.tasks.sweep_invitations")


def _meeting_saved(sender, instance, update_fields=None, **kwargs) -> None:
    """A partnership meeting was recorded as held: ask those present once it is committed."""
    from partnerships.models import MeetingStatus

    if instance.status == MeetingStatus.HELD and (
        update_fields is None or "status" in update_fields
    ):
        from sendcpp.celery import enqueue_on_commit

        enqueue_on_commit("feedback.tasks.sweep_invitations")


class FeedbackConfig(sendcpp.apps.DomainAppConfig):
    name = "feedback"
    verbose_name = "Feedback and evaluation"

    def ready(self) -> None:
        super().ready()
        from django.db.models.signals import post_save

        from sendcpp.models import CaseEvent

        post_save.connect(
            _touchpoint_event_written, sender=CaseEvent, dispatch_uid="feedback-touchpoints"
        )
        post_save.connect(
            _meeting_saved, sender="partnerships.Meeting", dispatch_uid="feedback-meetings"
        )

"""A case's next due date (the caseload's order and its "overdue" filter) no longer counts the
family's own windows (comments on a draft or proposed changes, contacting the mediation adviser,
appealing): they are choices for the family, not the council's deadlines. Work it out again for
every case whose next due date is one of those windows."""

from django.db import migrations

_FAMILY_WINDOWS = ("draft_plan_comments", "amendment_comments", "mediation_adviser_contact", "appeal")


def _recompute(apps, schema_editor):
    from sendcpp.deadlines import RULES

    Case = apps.get_model("sendcpp", "Case")
    Deadline = apps.get_model("sendcpp", "Deadline")
    affected = Case.objects.filter(
        deadlines__met_on__isnull=True,
        deadlines__cancelled_on__isnull=True,
        deadlines__rule__in=_FAMILY_WINDOWS,
    ).distinct()
    for case in affected.iterator():
        first = (
            Deadline.objects.filter(case=case, met_on__isnull=True, cancelled_on__isnull=True)
            .exclude(rule__in=_FAMILY_WINDOWS)
            .order_by("due_on", "id")
            .first()
        )
        Case.objects.filter(pk=case.pk).update(
            next_due_on=first.due_on if first else None,
            next_due_label=RULES[first.rule].title[:120] if first and first.rule in RULES else "",
        )


class Migration(migrations.Migration):
    dependencies = [("sendcpp", "0013_saved_views")]

    operations = [migrations.RunPython(_recompute, migrations.RunPython.noop)]

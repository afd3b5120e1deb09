from django.db import migrations


def load(apps, schema_editor):
    from panels.criteria import DEFAULT_CRITERIA

    criterion = apps.get_model("panels", "DecisionCriterion")
    for position, (code, title, reference, kinds) in enumerate(DEFAULT_CRITERIA, start=1):
        criterion.objects.update_or_create(
            code=code,
            defaults={
                "title": title,
                "reference": reference,
                "decision_kinds": list(kinds),
                "position": position,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("panels", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

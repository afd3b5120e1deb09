import uuid

from django.db import migrations, models


def fill(apps, schema_editor):
    Deadline = apps.get_model("sendcpp", "Deadline")
    for deadline in Deadline.objects.filter(public_id__isnull=True).only("id"):
        deadline.public_id = uuid.uuid4()
        deadline.save(update_fields=["public_id"])


class Migration(migrations.Migration):
    dependencies = [("sendcpp", "0004_seed_bank_holidays")]

    operations = [
        migrations.AddField(model_name="deadline", name="public_id", field=models.UUIDField(null=True, editable=False)),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="deadline",
            name="public_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]

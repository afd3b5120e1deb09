"""Seed England and Wales bank holidays 2014-2030 from the shipped gov.uk-format file."""

from django.db import migrations


def seed(apps, schema_editor):
    from sendcpp.calendar import read_bank_holidays_file

    BankHoliday = apps.get_model("sendcpp", "BankHoliday")
    existing = set(BankHoliday.objects.values_list("date", flat=True))
    BankHoliday.objects.bulk_create(
        [BankHoliday(date=day, title=title) for day, title in read_bank_holidays_file() if day not in existing]
    )


class Migration(migrations.Migration):
    dependencies = [("sendcpp", "0003_deadlines")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

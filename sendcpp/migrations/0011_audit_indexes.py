"""Indexes for the audit page's filters, each read newest first so that a page of the log is read
from an index whatever its size: the read-access log by time, by child, by person and by partner
key (replacing the single-column indexes they cover), and the row-history context by person, by
partner key and by council. Built concurrently: the access log is written on every page view."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.contrib.postgres.operations import AddIndexConcurrently, RemoveIndexConcurrently
from django.db import migrations, models

_CONTEXT_KEYS = ("user", "api_client", "org")


def _context_index(key):
    name = f"pghistory_context_{key}"
    return migrations.RunSQL(
        f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} ON pghistory_context ((metadata -> '{key}'))",
        f"DROP INDEX CONCURRENTLY IF EXISTS {name}",
    )


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("sendcpp", "0010_search_child_name_words"),
        ("pghistory", "0007_auto_20250421_0444"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="accesslog",
            index=models.Index(fields=["-at", "-id"], name="accesslog_newest"),
        ),
        AddIndexConcurrently(
            model_name="accesslog",
            index=models.Index(fields=["child", "-at", "-id"], name="accesslog_child_newest"),
        ),
        AddIndexConcurrently(
            model_name="accesslog",
            index=models.Index(fields=["user", "-at", "-id"], name="accesslog_user_newest"),
        ),
        AddIndexConcurrently(
            model_name="accesslog",
            index=models.Index(fields=["api_client", "-at", "-id"], name="accesslog_client_newest"),
        ),
        RemoveIndexConcurrently(model_name="accesslog", name="accesslog_child_time"),
        migrations.AlterField(
            model_name="accesslog",
            name="at",
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
        migrations.AlterField(
            model_name="accesslog",
            name="child",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="sendcpp.child",
            ),
        ),
        migrations.AlterField(
            model_name="accesslog",
            name="user",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="accesslog",
            name="api_client",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="sendcpp.apiclient",
            ),
        ),
        *(_context_index(key) for key in _CONTEXT_KEYS),
    ]

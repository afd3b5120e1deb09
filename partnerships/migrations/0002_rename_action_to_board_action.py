# The partnership's action is BoardAction, so that no model shares a name with the access
# policy's Action.

import pgtrigger.compiler
import pgtrigger.migrations
from django.conf import settings
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('partnerships', '0001_initial'),
        ('pghistory', '0007_auto_20250421_0444'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    # The triggers come off under the old names and go back on under the new ones, so the
    # migration runs both ways.
    operations = [
        pgtrigger.migrations.RemoveTrigger(
            model_name='action',
            name='insert_insert',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='action',
            name='update_update',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='actionupdate',
            name='action_update_append_only',
        ),
        migrations.RenameModel(
            old_name='Action',
            new_name='BoardAction',
        ),
        migrations.RenameModel(
            old_name='ActionEvent',
            new_name='BoardActionEvent',
        ),
        migrations.RenameModel(
            old_name='ActionUpdate',
            new_name='BoardActionUpdate',
        ),
        migrations.AlterModelOptions(
            name='boardaction',
            options={'ordering': ['due_on', 'id'], 'verbose_name': 'action'},
        ),
        migrations.AlterModelOptions(
            name='boardactionupdate',
            options={'ordering': ['-at', '-id'], 'verbose_name': 'action update'},
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='boardaction',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "partnerships_boardactionevent" ("board_id", "completed_on", "created_at", "created_by_id", "description", "due_on", "id", "measure", "meeting_id", "owner_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "plan_id", "public_id", "status", "updated_at") VALUES (NEW."board_id", NEW."completed_on", NEW."created_at", NEW."created_by_id", NEW."description", NEW."due_on", NEW."id", NEW."measure", NEW."meeting_id", NEW."owner_id", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."plan_id", NEW."public_id", NEW."status", NEW."updated_at"); RETURN NULL;', hash='65451e537ff73301cbadb7926689ca2027002b47', operation='INSERT', pgid='pgtrigger_insert_insert_6b174', table='partnerships_boardaction', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='boardaction',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "partnerships_boardactionevent" ("board_id", "completed_on", "created_at", "created_by_id", "description", "due_on", "id", "measure", "meeting_id", "owner_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "plan_id", "public_id", "status", "updated_at") VALUES (NEW."board_id", NEW."completed_on", NEW."created_at", NEW."created_by_id", NEW."description", NEW."due_on", NEW."id", NEW."measure", NEW."meeting_id", NEW."owner_id", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."plan_id", NEW."public_id", NEW."status", NEW."updated_at"); RETURN NULL;', hash='bf623ca07c6aca7a9e74e60c54e7d417de5df8cd', operation='UPDATE', pgid='pgtrigger_update_update_ebfe6', table='partnerships_boardaction', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='boardactionupdate',
            trigger=pgtrigger.compiler.Trigger(name='action_update_append_only', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;", hash='c942f3a4d19dab153fab5e2aeb8a1baf6679caaf', operation='UPDATE OR DELETE', pgid='pgtrigger_action_update_append_only_c2062', table='partnerships_boardactionupdate', when='BEFORE')),
        ),
    ]

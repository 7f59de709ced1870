"""Database triggers that refuse UPDATE, DELETE (and TRUNCATE) on audit events, even outside Django."""

from django.db import migrations

from mixmig.apps.audit.triggers import create_statements, drop_statements


def forwards(apps, schema_editor):
    for sql in create_statements(schema_editor.connection.vendor):
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    for sql in drop_statements(schema_editor.connection.vendor):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]

"""Covering index ``(key, registration)`` for the duplicate check (replaces the index on ``key`` alone).

The check reads only ``registration_id`` of the rows of a few keys: with both columns in the index it never
visits the table (4–5 rows per registration, so millions of rows at national scale).
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("identity", "0001_initial")]

    operations = [
        migrations.AddIndex(
            model_name="identitykey",
            index=models.Index(fields=["key", "registration"], name="identity_key_registration_idx"),
        ),
        migrations.RemoveIndex(model_name="identitykey", name="identity_id_key_b66205_idx"),
    ]

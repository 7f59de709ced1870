"""Keep SQLite's planner statistics complete after migrations add indexes.

SQLite plans from ``sqlite_stat1`` (written by ``ANALYZE``). An index created after the last ``ANALYZE``
has no row there and the planner takes it for a very selective one: at 200,000 cases a new
(agency, owner, status) index was chosen for every team's case list and dashboard and each of them read a
whole agency. So after ``migrate`` has applied migrations, the tables of the migrated apps that already have
statistics are analyzed again (about 0.3 s for 200,000 cases with their tasks). Tables never analyzed are
left alone: all their indexes have the same default estimates. PostgreSQL analyzes by itself (autovacuum).
"""

from __future__ import annotations

import logging

from django.apps import apps
from django.db import connections

log = logging.getLogger(__name__)


def analyze_after_migrate(sender, using="default", plan=None, **kwargs) -> None:
    """post_migrate receiver (connected once, for the cases app)."""
    connection = connections[using]
    if connection.vendor != "sqlite" or not plan:
        return
    labels = {migration.app_label for migration, backwards in plan if not backwards}
    tables = [
        model._meta.db_table
        for label in sorted(labels)
        if label in apps.app_configs
        for model in apps.get_app_config(label).get_models()
        if not model._meta.proxy and model._meta.managed
    ]
    if not tables:
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'")
        if cursor.fetchone() is None:
            return
        cursor.execute("SELECT DISTINCT tbl FROM sqlite_stat1")
        analyzed = {row[0] for row in cursor.fetchall()}
        for table in tables:
            if table in analyzed:
                cursor.execute(f'ANALYZE "{table}"')
                log.info("analyzed %s after migrate", table)

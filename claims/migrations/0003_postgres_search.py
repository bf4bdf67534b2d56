"""The article's full-text GIN index on the expression `claims.selectors.search` queries, and pg_trgm. (Claims and
fact-checks index a stored vector column declared in their models.)"""

from django.contrib.postgres.indexes import GinIndex
from django.db import migrations

from claims.selectors.search import search_vector

FULL_TEXT_INDEXES = {"claims.Article": "article_fulltext_idx"}


def create_indexes(apps, schema_editor):
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for label, name in FULL_TEXT_INDEXES.items():
        model = apps.get_model(label)
        schema_editor.add_index(model, GinIndex(search_vector(label), name=name))


def drop_indexes(apps, schema_editor):
    for label, name in FULL_TEXT_INDEXES.items():
        model = apps.get_model(label)
        schema_editor.remove_index(model, GinIndex(search_vector(label), name=name))


class Migration(migrations.Migration):
    dependencies = [("claims", "0002_roles")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]

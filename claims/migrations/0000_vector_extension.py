"""pgvector, which the embedding columns and their HNSW indexes of the initial schema need, comes first."""

from django.db import migrations
from pgvector.django import VectorExtension


class Migration(migrations.Migration):
    dependencies = []
    run_before = [("claims", "0001_initial")]

    operations = [VectorExtension()]

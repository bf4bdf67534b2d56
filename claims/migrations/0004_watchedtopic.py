"""Watched topics, which editors keep and checkers read."""

from django.contrib.auth.management import create_permissions
from django.db import migrations, models

ROLE_PERMISSIONS = {
    "editor": ["view_watchedtopic", "add_watchedtopic", "change_watchedtopic", "delete_watchedtopic"],
    "checker": ["view_watchedtopic"],
}


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; create them now so the groups can hold them.
    app_config = apps.get_app_config("claims")
    original = getattr(app_config, "models_module", None)
    app_config.models_module = original or True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = original
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        group.permissions.add(*Permission.objects.filter(content_type__app_label="claims", codename__in=codenames))


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0003_postgres_search'),
    ]

    operations = [
        migrations.CreateModel(
            name='WatchedTopic',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=100, unique=True)),
                ('statements', models.TextField(help_text='One statement per line, each of the kind of claim the desk wants found ("Masks protect against the virus."). A sentence is as near the topic as its nearest statement.')),
                ('is_active', models.BooleanField(default=True, help_text='Inactive topics do not affect extraction.', verbose_name='active')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
            ],
            options={
                'ordering': ['name'],
            },
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]

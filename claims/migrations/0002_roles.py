"""The desk's roles: groups `editor` and `checker` with the model permissions that open the admin pages their
work needs. What they may do to a claim is decided by the workflow's role rule (claims.workflow.roles), which
reads the same groups."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLE_PERMISSIONS = {
    "editor": {
        "claims": [
            "view_article",
            "add_article",
            "change_article",
            "view_claim",
            "change_claim",
            "view_claimevent",
            "view_claimmatch",
            "change_claimmatch",
            "view_evidence",
            "add_evidence",
            "change_evidence",
            "view_verdict",
            "view_factcheck",
            "add_factcheck",
            "view_ingestionjob",
            "add_ingestionjob",
            "view_ingestionitem",
            "view_feed",
            "add_feed",
            "change_feed",
            "delete_feed",
            "view_checkerprofile",
            "change_checkerprofile",
            "view_notification",
            "view_webhook",
            "view_webhookdelivery",
        ],
    },
    "checker": {
        "claims": [
            "view_article",
            "view_claim",
            "view_claimevent",
            "view_claimmatch",
            "change_claimmatch",
            "view_evidence",
            "add_evidence",
            "change_evidence",
            "view_verdict",
            "view_factcheck",
            "view_notification",
        ],
    },
}


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; create them now so the groups can hold them.
    for app_config in apps.get_app_configs():
        # create_permissions skips apps without a models module, which historical app configs lack.
        original = getattr(app_config, "models_module", None)
        app_config.models_module = original or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = original
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, by_app in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for app_label, codenames in by_app.items():
            permissions = Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
            missing = set(codenames) - set(permissions.values_list("codename", flat=True))
            if missing:
                raise RuntimeError(f"Unknown permissions for {group_name}: {sorted(missing)}")
            group.permissions.add(*permissions)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]

from django.apps import AppConfig
from django.db.backends.signals import connection_created


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Fact-check desk"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from claims import checks, data_version  # noqa: F401 - checks registers itself

        connection_created.connect(data_version.install, dispatch_uid="claims.data_version")

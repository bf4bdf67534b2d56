"""The desk's user model, the project's own from the start (AUTH_USER_MODEL), so fields can be added to users
later without swapping the model under existing data. Roles are desk groups (claims.workflow.roles)."""

from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    pass

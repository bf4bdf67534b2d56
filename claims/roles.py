"""The desk's roles are Django groups; these names are shared by the workflow, API and admin."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from claims.workflow import CHECKER, EDITOR


def _in_group(user: AbstractBaseUser | AnonymousUser | None, group: str) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.groups.filter(name=group).exists()


def is_editor(user: AbstractBaseUser | AnonymousUser | None) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_superuser) or _in_group(user, EDITOR)


def is_checker(user: AbstractBaseUser | AnonymousUser | None) -> bool:
    return _in_group(user, CHECKER)

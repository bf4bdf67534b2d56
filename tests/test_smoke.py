import pytest
from django.contrib.auth.models import Group


@pytest.mark.django_db
def test_roles_exist_with_permissions():
    editor = Group.objects.get(name="editor")
    checker = Group.objects.get(name="checker")
    # Model permissions open the admin's pages; the workflow's role rule reads the group names.
    assert editor.permissions.filter(codename="change_claim").exists()
    assert not checker.permissions.filter(codename="change_claim").exists()

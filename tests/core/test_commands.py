"""The run command's steps: demo data that can load twice, and the printed staff login."""

from io import StringIO

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


def test_demo_data_loads_and_a_second_run_changes_nothing(db):
    call_command("load_demo_data", stdout=StringIO())
    after_first = row_counts()

    call_command("load_demo_data", stdout=StringIO())

    assert row_counts() == after_first


def test_ensure_superuser_prints_a_staff_login_that_works(client, db, monkeypatch):
    monkeypatch.setenv("DEMO_ADMIN_EMAIL", "demo.admin@iomcso.example")
    monkeypatch.setenv("DEMO_ADMIN_PASSWORD", "a demo password 7")
    output = StringIO()

    call_command("ensure_superuser", stdout=output)

    assert "demo.admin@iomcso.example / a demo password 7" in output.getvalue()
    response = client.post(
        "/en/accounts/login/?next=/en/admin/",
        {"login": "demo.admin@iomcso.example", "password": "a demo password 7"},
    )
    assert response["Location"] == "/en/admin/"
    assert client.get("/en/admin/").status_code == 200


def test_ensure_superuser_twice_keeps_one_user_and_its_password(db, monkeypatch):
    monkeypatch.setenv("DEMO_ADMIN_EMAIL", "demo.admin@iomcso.example")
    call_command("ensure_superuser", stdout=StringIO())
    user = get_user_model().objects.get(email="demo.admin@iomcso.example")
    user.set_password("changed by the admin")
    user.save()
    output = StringIO()

    call_command("ensure_superuser", stdout=output)

    user.refresh_from_db()
    assert get_user_model().objects.filter(email="demo.admin@iomcso.example").count() == 1
    assert user.check_password("changed by the admin")
    assert user.is_staff
    assert user.is_superuser
    assert "Kept the existing staff login: demo.admin@iomcso.example" in output.getvalue()

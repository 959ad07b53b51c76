"""Accounts: sign-up with privacy acceptance, emails in the user's language, two-factor for
staff, the privacy notice re-acceptance, data export and account deletion."""

import json
import re

import pytest
from django.test import override_settings
from django.urls import reverse

from iomcso.core.models import OutboxMessage
from partners.choices import MemberRole
from partners.models import OrganizationMember
from tests.factories import StaffUserFactory, UserFactory
from tests.partners.factories import ContactFactory, OrganizationMemberFactory

PASSWORD = "correct horse battery staple"


def _sign_up(client, language="en", email="new@example.org"):
    return client.post(
        f"/{language}/accounts/signup/",
        {
            "full_name": "Amina Diallo",
            "email": email,
            "password1": "a long and unusual passphrase 42",
            "password2": "a long and unusual passphrase 42",
            "accept_privacy_notice": "on",
        },
    )


def test_sign_up_records_the_privacy_notice_and_sends_the_verification_in_the_users_language(
    client, db, settings
):
    from django.contrib.auth import get_user_model

    response = _sign_up(client, language="fr")
    assert response.status_code == 302
    user = get_user_model().objects.get(email="new@example.org")
    assert user.privacy_notice_version == settings.PRIVACY_NOTICE_VERSION
    assert user.privacy_notice_accepted_at is not None
    assert user.language == "fr"
    message = OutboxMessage.objects.get(to=["new@example.org"])
    assert message.language == "fr"
    assert message.body_html
    found = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body_text)
    assert found is not None
    link = found.group(0)

    # Email verification is mandatory: no portal before the link is followed.
    assert client.get(reverse("portal:dashboard")).status_code == 302
    path = link.split("://", 1)[1].split("/", 1)[1]
    client.post("/" + path)
    from allauth.account.models import EmailAddress

    assert EmailAddress.objects.get(email="new@example.org").verified


def test_sign_up_without_accepting_the_privacy_notice_is_refused(client, db):
    response = client.post(
        "/en/accounts/signup/",
        {
            "full_name": "X",
            "email": "x@example.org",
            "password1": "a long and unusual passphrase 42",
            "password2": "a long and unusual passphrase 42",
        },
    )
    assert response.status_code == 200
    assert "You must accept the privacy notice" in response.content.decode()


def test_allauth_pages_are_rendered_in_the_site_shell(client, db):
    body = client.get("/es/accounts/login/").content.decode()
    assert 'class="site-header"' in body
    assert '<html lang="es" dir="ltr">' in body


def test_password_reset_email_is_in_the_users_language(client, db):
    UserFactory(email="ana@example.org", language="es")
    client.post("/en/accounts/password/reset/", {"email": "ana@example.org"})
    message = OutboxMessage.objects.get(to=["ana@example.org"])
    assert message.language == "es"


def test_rate_limits_are_on_outside_tests():
    from iomcso.settings import base

    assert base.ACCOUNT_RATE_LIMITS is not False
    assert base.ACCOUNT_RATE_LIMITS["login_failed"]
    assert base.ACCOUNT_EMAIL_VERIFICATION == "mandatory"


def test_a_new_privacy_notice_is_shown_for_acceptance_at_next_visit(client, db, settings):
    user = UserFactory()
    client.force_login(user)
    settings.PRIVACY_NOTICE_VERSION = "2027-01"
    response = client.get(reverse("portal:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:privacy_accept"))
    client.post(
        reverse("accounts:privacy_accept"), {"accept": "yes", "next": reverse("portal:dashboard")}
    )
    user.refresh_from_db()
    assert user.privacy_notice_version == "2027-01"
    assert client.get(reverse("portal:dashboard")).status_code == 200


def test_next_parameter_never_redirects_to_another_site(client, db):
    client.force_login(UserFactory())
    response = client.post(
        reverse("accounts:privacy_accept"), {"accept": "yes", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"
    response = client.post(
        "/en/accounts/login/?next=//evil.example/",
        {"login": "nobody@example.org", "password": "x"},
    )
    assert "evil.example" not in response.get("Location", "")


@override_settings(REQUIRE_STAFF_TWO_FACTOR=True)
def test_staff_must_enrol_two_factor_before_using_the_admin(client, db):
    from allauth.mfa.models import Authenticator

    staff = StaffUserFactory(is_superuser=True)
    client.force_login(staff)
    response = client.get("/en/admin/")
    assert response.status_code == 302
    assert "/accounts/2fa/totp/activate/" in response["Location"]
    Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={"secret": "x"})
    assert client.get("/en/admin/").status_code == 200


def test_two_factor_is_available_to_every_user(client, db):
    client.force_login(UserFactory())
    response = client.get("/en/accounts/2fa/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Authenticator App" in body
    assert "Recovery Codes" in body


def test_production_settings_require_staff_two_factor():
    import ast
    from pathlib import Path

    source = Path("iomcso/settings/production.py").read_text()
    assert 'env.bool("REQUIRE_STAFF_TWO_FACTOR", default=True)' in source
    ast.parse(source)


def test_data_export_contains_the_users_personal_data(client, team):
    user = team.editor
    ContactFactory(organization=team.organization, email=user.email, name="Listed Contact")
    client.force_login(user)
    response = client.get(reverse("accounts:data_export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == user.email
    assert data["account"]["privacy_notice_version"]
    assert data["email_addresses"][0]["email"] == user.email
    assert data["organization_memberships"] == [
        {
            "organization": team.organization.name,
            "role": "editor",
            "since": data["organization_memberships"][0]["since"],
        }
    ]
    assert data["listed_as_contact"][0]["name"] == "Listed Contact"
    # Nothing about other people.
    assert team.administrator.email not in response.content.decode()


def test_data_export_requires_login(client, db):
    response = client.get(reverse("accounts:data_export"))
    assert response.status_code == 302


def test_account_deletion_removes_the_user_and_their_memberships(client, team):
    from django.contrib.auth import get_user_model

    client.force_login(team.editor)
    response = client.post(reverse("accounts:account_delete"), {"password": PASSWORD})
    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=team.editor.pk).exists()
    assert not OrganizationMember.objects.filter(user_id=team.editor.pk).exists()


def test_account_deletion_with_a_wrong_password_is_refused(client, team):
    from django.contrib.auth import get_user_model

    client.force_login(team.editor)
    response = client.post(reverse("accounts:account_delete"), {"password": "wrong"})
    assert response.status_code == 400
    assert get_user_model().objects.filter(pk=team.editor.pk).exists()


def test_deleting_the_last_administrator_is_refused_until_another_is_named(client, team):
    from django.contrib.auth import get_user_model

    client.force_login(team.administrator)
    page = client.get(reverse("accounts:account_delete")).content.decode()
    assert "You are the only administrator of" in page
    assert team.organization.name in page
    response = client.post(reverse("accounts:account_delete"), {"password": PASSWORD})
    assert response.status_code == 400
    assert get_user_model().objects.filter(pk=team.administrator.pk).exists()

    OrganizationMember.objects.filter(user=team.editor).update(role=MemberRole.ADMINISTRATOR)
    response = client.post(reverse("accounts:account_delete"), {"password": PASSWORD})
    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=team.administrator.pk).exists()


def test_user_delete_service_refuses_the_last_administrator(team):
    from iomcso.accounts.services import AccountDeletionRefused, user_delete

    with pytest.raises(AccountDeletionRefused) as refused:
        user_delete(user=team.administrator, actor=team.administrator)
    assert refused.value.organizations == [team.organization.name]


def test_account_page_links_export_and_deletion(client, db):
    client.force_login(UserFactory())
    body = client.get(reverse("account_email")).content.decode()
    assert reverse("accounts:data_export") in body
    assert reverse("accounts:account_delete") in body
    assert reverse("mfa_index") in body


def test_invited_user_who_is_administrator_elsewhere_can_still_be_deleted_when_not_last(team):
    from iomcso.accounts.services import user_delete

    other = OrganizationMemberFactory(role=MemberRole.ADMINISTRATOR)
    OrganizationMemberFactory(organization=other.organization, role=MemberRole.ADMINISTRATOR)
    user_delete(user=other.user, actor=other.user)


@pytest.mark.django_db(transaction=True)
def test_account_deletion_page_works_outside_a_test_transaction(client):
    membership = OrganizationMemberFactory(role=MemberRole.ADMINISTRATOR)
    client.force_login(membership.user)
    response = client.get(reverse("accounts:account_delete"))
    assert response.status_code == 200
    assert membership.organization.name in response.content.decode()


def test_user_chooses_the_language_of_their_emails(client, db):
    user = UserFactory(language="en")
    client.force_login(user)
    response = client.post(
        reverse("accounts:overview"), {"full_name": "Amina Diallo", "language": "fr"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.full_name, user.language) == ("Amina Diallo", "fr")
    client.post("/en/accounts/password/reset/", {"email": user.email})
    assert OutboxMessage.objects.get(to=[user.email]).language == "fr"


def test_changing_email_sends_a_verification_to_the_new_address_before_it_is_used(client, db):
    from allauth.account.models import EmailAddress

    user = UserFactory(email="old@example.org", language="es")
    client.force_login(user)
    response = client.post(
        reverse("account_email"), {"action_add": "", "email": "new-address@example.org"}
    )
    assert response.status_code == 302
    new_address = EmailAddress.objects.get(email="new-address@example.org")
    assert not new_address.verified
    user.refresh_from_db()
    assert user.email == "old@example.org"
    message = OutboxMessage.objects.get(to=["new-address@example.org"])
    assert message.language == "es"
    assert "/accounts/confirm-email/" in message.body_text


@pytest.mark.django_db
def test_account_emails_name_the_portal_and_link_to_pages_in_the_readers_language(client, settings):
    settings.SITE_URL = "https://partners.iom.example"
    user = UserFactory(email="awa@entraide.example.org", language="fr")

    client.post("/en/accounts/password/reset/", {"email": user.email})

    message = OutboxMessage.objects.get(to=[user.email])
    assert "Bonjour, c'est Portail de partenariat OIM–OSC !" in message.body_text
    assert "partners.iom.example" in message.body_text
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+", message.body_text)
    assert link is not None
    assert "/fr/accounts/password/reset/key/" in link.group(0)

"""The audit log: sign-ins, failed sign-ins, sign-outs, two-factor changes, exports and
private downloads leave a record (who, what, when, from where) that auditors search in the
admin, read-only; staff actions also show in the admin's Recent actions; old records go."""

import datetime

import pytest
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from iomcso.core.audit import Action, audit_record, audit_records_purge
from iomcso.core.models import AuditRecord
from iomcso.core.roles import AUDITOR, READ_ONLY_VIEWER
from iomcso.core.tasks import purge_audit_log_task
from tests.consultations.factories import ConsultationFactory, RegistrationFactory
from tests.factories import PASSWORD, StaffUserFactory, SuperUserFactory, UserFactory
from tests.partners.factories import VerifiedOrganizationFactory

pytestmark = pytest.mark.django_db
BROWSER = {"User-Agent": "AuditTest/1.0", "X-Request-ID": "audit-request-1"}


def sign_in(client, email, password=PASSWORD):
    return client.post(
        reverse("account_login"), {"login": email, "password": password}, headers=BROWSER
    )


def records(action):
    return list(AuditRecord.objects.filter(action=action))


def test_a_sign_in_is_recorded_with_who_when_and_from_where(client):
    user = UserFactory()

    sign_in(client, user.email)

    (record,) = records(Action.SIGN_IN)
    assert record.actor == user
    assert record.actor_email == user.email
    assert record.ip_address == "127.0.0.1"
    assert record.user_agent == "AuditTest/1.0"
    assert record.request_id == "audit-request-1"
    assert timezone.now() - record.created_at < datetime.timedelta(minutes=1)


def test_a_failed_sign_in_is_recorded_with_the_address_typed(client):
    UserFactory(email="known@example.org")

    sign_in(client, "known@example.org", "wrong password")
    sign_in(client, "nobody@example.org", "whatever it is")

    assert sorted(r.actor_email for r in records(Action.SIGN_IN_FAILED)) == [
        "known@example.org",
        "nobody@example.org",
    ]
    assert not records(Action.SIGN_IN)


def test_a_sign_out_is_recorded(client):
    user = UserFactory()
    sign_in(client, user.email)

    client.post(reverse("account_logout"))

    (record,) = records(Action.SIGN_OUT)
    assert record.actor == user


def test_enrolling_a_second_factor_is_recorded(client, django_capture_on_commit_callbacks):
    user = UserFactory()
    sign_in(client, user.email)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    client.get(reverse("mfa_activate_totp"))
    secret = client.session[SECRET_SESSION_KEY]
    code = format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))

    with django_capture_on_commit_callbacks(execute=True):  # allauth signals after commit
        response = client.post(reverse("mfa_activate_totp"), {"code": code})

    assert response.status_code == 302
    added = records(Action.TWO_FACTOR_ADDED)
    assert [r.actor for r in added] == [user] * len(added)
    assert "totp" in {r.message for r in added}


def test_private_downloads_and_exports_are_recorded(client, run_on_commit):
    from partners.choices import MemberRole
    from partners.portal.services import document_upload
    from tests.partners.factories import OrganizationMemberFactory
    from tests.portal.conftest import pdf_upload

    member = OrganizationMemberFactory(role=MemberRole.ADMINISTRATOR)
    document = document_upload(
        organization=member.organization,
        actor=member.user,
        kind="statutes",
        title="",
        upload=pdf_upload(),
    )
    client.force_login(member.user)
    client.get(
        reverse(
            "portal:document_download",
            kwargs={"organization_id": member.organization_id, "document_id": document.pk},
        )
    )
    client.get(reverse("accounts:data_export"))
    staff = SuperUserFactory()
    consultation = ConsultationFactory()
    RegistrationFactory(consultation=consultation)
    client.force_login(staff)
    client.get(reverse("admin:consultations_export", args=[consultation.pk, "csv"]))

    (download,) = records(Action.DOWNLOAD)
    assert (download.actor, download.target_type, download.target_id) == (
        member.user,
        "partners.organizationdocument",
        str(document.pk),
    )
    exports = {(r.actor, r.target_type, r.message) for r in records(Action.EXPORT)}
    assert exports == {
        (member.user, "accounts.user", "personal data"),
        (staff, "consultations.consultation", "participants.csv"),
    }


def test_a_staff_action_also_shows_in_the_admins_recent_actions(client):
    staff = SuperUserFactory()
    organization = VerifiedOrganizationFactory(name="Audited Org")

    audit_record(action=Action.STAFF_ACTION, actor=staff, target=organization, message="Verified")

    entry = LogEntry.objects.get()
    assert (entry.user, entry.object_id, entry.change_message) == (
        staff,
        str(organization.pk),
        "Verified",
    )
    client.force_login(staff)
    assert "Audited Org" in client.get(reverse("admin:index")).content.decode()


def auditor():
    user = StaffUserFactory()
    user.groups.add(Group.objects.get(name=AUDITOR))
    return user


def test_an_auditor_searches_and_filters_the_log_but_cannot_change_it(client):
    audit_record(action=Action.SIGN_IN_FAILED, actor_email="intruder@example.org")
    audit_record(action=Action.SIGN_IN, actor=UserFactory(email="someone@example.org"))
    client.force_login(auditor())
    url = reverse("admin:core_auditrecord_changelist")

    found = client.get(url, {"q": "intruder"})
    filtered = client.get(url, {"action__exact": Action.SIGN_IN})

    assert found.status_code == 200
    assert list(found.context["cl"].result_list.values_list("actor_email", flat=True)) == [
        "intruder@example.org"
    ]
    assert [r.actor_email for r in filtered.context["cl"].result_list] == ["someone@example.org"]
    record = AuditRecord.objects.first()
    assert record is not None
    assert client.get(reverse("admin:core_auditrecord_add")).status_code == 403
    assert (
        client.post(reverse("admin:core_auditrecord_delete", args=[record.pk])).status_code == 403
    )
    change = client.post(reverse("admin:core_auditrecord_change", args=[record.pk]), {})
    assert change.status_code == 403
    assert AuditRecord.objects.count() == 2


def test_other_staff_roles_do_not_see_the_audit_log(client):
    user = StaffUserFactory()
    user.groups.add(Group.objects.get(name=READ_ONLY_VIEWER))
    client.force_login(user)

    assert client.get(reverse("admin:core_auditrecord_changelist")).status_code == 403


def test_records_past_the_retention_period_are_purged_by_a_task_safe_to_run_twice(settings):
    settings.AUDIT_LOG_RETENTION_DAYS = 30
    old = audit_record(action=Action.SIGN_OUT, actor_email="old@example.org")
    AuditRecord.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=31)
    )
    audit_record(action=Action.SIGN_OUT, actor_email="recent@example.org")

    assert purge_audit_log_task() == 1
    assert purge_audit_log_task() == 0
    assert list(AuditRecord.objects.values_list("actor_email", flat=True)) == ["recent@example.org"]
    assert audit_records_purge() == 0


def test_the_purge_runs_daily_from_the_beat_schedule():
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="iomcso.core.tasks.purge_audit_log_task")
    assert task.enabled
    assert task.crontab is not None


def test_verifying_in_the_admin_leaves_an_audit_record_and_a_recent_action(client):
    from partners.choices import VerificationStatus
    from tests.partners.factories import OrganizationFactory

    staff = SuperUserFactory()
    organization = OrganizationFactory(name="Pending Org")
    client.force_login(staff)

    client.post(
        reverse("admin:partners_organization_changelist"),
        {"action": "verify_selected", "_selected_action": [organization.pk]},
    )

    organization.refresh_from_db()
    assert organization.verification_status == VerificationStatus.VERIFIED
    (record,) = records(Action.STAFF_ACTION)
    assert (record.actor, record.target_id, record.detail["verb"]) == (
        staff,
        str(organization.pk),
        "verify",
    )
    assert LogEntry.objects.filter(user=staff, object_id=str(organization.pk)).exists()


def test_the_organization_export_in_the_admin_is_recorded(client):
    from partners.resources import OrganizationResource

    VerifiedOrganizationFactory()
    staff = SuperUserFactory()
    client.force_login(staff)
    fields = {
        f"organizationresource_{name}": "on" for name in OrganizationResource().get_export_order()
    }

    response = client.post(
        "/en/admin/partners/organization/export/?partner_type__exact=ngo",
        {"format": 0, "resource": 0, **fields},
    )

    assert response.status_code == 200
    (record,) = records(Action.EXPORT)
    assert record.actor == staff
    assert record.message == "partners.organization.csv"
    assert record.detail["filters"] == "partner_type__exact=ngo"

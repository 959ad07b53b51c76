"""The annual 'confirm your profile' reminder: once per period, even when the task runs twice."""

import datetime

import pytest
from django.utils import timezone

from iomcso.core.models import OutboxMessage, ReminderLog
from partners.models import Organization
from partners.portal import services
from partners.tasks import send_profile_confirmation_reminders_task
from tests.factories import UserFactory
from tests.partners.factories import OrganizationFactory, OrganizationMemberFactory


def _confirmed(organization, days_ago):
    Organization.objects.filter(pk=organization.pk).update(
        profile_confirmed_at=timezone.now() - datetime.timedelta(days=days_ago)
    )


@pytest.fixture
def stale_team(team):
    _confirmed(team.organization, 400)
    return team


def test_task_run_twice_sends_each_administrator_one_reminder(stale_team):
    french_admin = UserFactory(language="fr")
    OrganizationMemberFactory(organization=stale_team.organization, user=french_admin)

    send_profile_confirmation_reminders_task.apply()
    send_profile_confirmation_reminders_task.apply()

    messages = OutboxMessage.objects.filter(
        template="partners/portal/profile_confirmation_reminder"
    )
    assert sorted(message.to[0] for message in messages) == sorted(
        [stale_team.administrator.email, french_admin.email]
    )
    assert messages.get(to=[french_admin.email]).language == "fr"
    # Editors and viewers are not asked: administrators answer for the organization.
    assert not messages.filter(to=[stale_team.editor.email]).exists()
    assert ReminderLog.objects.count() == 2


def test_recently_confirmed_pending_and_unverified_organizations_get_no_reminder(team):
    _confirmed(team.organization, 30)
    pending = OrganizationFactory()
    OrganizationMemberFactory(organization=pending)
    Organization.objects.filter(pk=pending.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=800)
    )
    assert services.profile_confirmation_reminders_send() == 0
    assert not OutboxMessage.objects.exists()


def test_a_verified_profile_never_confirmed_is_reminded_a_year_after_verification(team):
    Organization.objects.filter(pk=team.organization.pk).update(
        profile_confirmed_at=None, verified_at=timezone.now() - datetime.timedelta(days=366)
    )
    assert services.profile_confirmation_reminders_send() == 1


def test_confirming_starts_a_new_period_so_next_year_is_reminded_again(stale_team):
    assert services.profile_confirmation_reminders_send() == 1
    services.organization_confirm_profile(
        organization=stale_team.organization, actor=stale_team.administrator
    )
    assert services.profile_confirmation_reminders_send() == 0
    next_year = timezone.now() + datetime.timedelta(days=370)
    assert services.profile_confirmation_reminders_send(now=next_year) == 1


def test_the_reminder_is_scheduled_in_celery_beat(db):
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="partners.tasks.send_profile_confirmation_reminders_task")
    assert task.enabled
    assert task.crontab is not None

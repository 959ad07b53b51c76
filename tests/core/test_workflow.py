"""The shared workflow helper, transition log and core registry, through real workflows."""

import pytest
from django.core.exceptions import ValidationError

from iomcso.core.models import TransitionLog
from iomcso.core.registry import user_deletion_blockers
from iomcso.core.workflow import InvalidTransition
from partners import services
from partners.choices import MemberRole, VerificationStatus
from partners.models import JoinRequest
from partners.portal import services as portal_services
from tests.factories import StaffUserFactory, UserFactory
from tests.partners.factories import OrganizationFactory, OrganizationMemberFactory


@pytest.mark.django_db
def test_verifying_an_organization_logs_who_moved_it_from_pending_to_verified():
    staff = StaffUserFactory()
    organization = OrganizationFactory(verification_status=VerificationStatus.PENDING)

    services.organization_verify(actor=staff, organization=organization, reason="Checked")

    log = organization.transitions.get()
    assert (log.from_status, log.to_status, log.actor, log.comment) == (
        "pending",
        "verified",
        staff,
        "Checked",
    )
    assert log.get_to_status_display() == str(VerificationStatus.VERIFIED.label)
    assert organization.verification_status == VerificationStatus.VERIFIED


@pytest.mark.django_db
def test_a_refused_transition_is_a_validation_error_with_a_readable_message_and_logs_nothing():
    staff = StaffUserFactory()
    organization = OrganizationFactory(verification_status=VerificationStatus.PENDING)

    with pytest.raises(ValidationError) as refused:
        services.organization_reinstate(actor=staff, organization=organization)

    assert isinstance(refused.value, InvalidTransition)
    assert "is not possible" in str(refused.value)
    assert not str(refused.value).startswith("[")
    assert not TransitionLog.objects.exists()


@pytest.mark.django_db
def test_a_join_request_is_decided_once_and_the_decision_is_logged():
    administrator = UserFactory()
    member = OrganizationMemberFactory(user=administrator, role=MemberRole.ADMINISTRATOR)
    request = JoinRequest.objects.create(organization=member.organization, user=UserFactory())

    portal_services.join_request_decide(join_request=request, actor=administrator, approve=False)

    assert request.transitions.get().to_status == JoinRequest.Status.DECLINED
    with pytest.raises(InvalidTransition, match="already been decided"):
        portal_services.join_request_decide(join_request=request, actor=administrator, approve=True)
    assert request.transitions.count() == 1


@pytest.mark.django_db
def test_the_last_administrator_rule_reaches_the_core_through_the_registry():
    administrator = UserFactory()
    member = OrganizationMemberFactory(user=administrator, role=MemberRole.ADMINISTRATOR)

    blockers = user_deletion_blockers(administrator)

    assert [blocker.name for blocker in blockers] == [member.organization.name]
    assert f"/org/{member.organization.pk}/team/" in blockers[0].url
    OrganizationMemberFactory(organization=member.organization, role=MemberRole.ADMINISTRATOR)
    assert user_deletion_blockers(administrator) == []

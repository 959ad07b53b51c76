import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import ValidationError

from iomcso.core.models import OutboxMessage
from iomcso.core.roles import (
    CONSULTATIONS_OFFICER,
    DUE_DILIGENCE_OFFICER,
    PARTNERSHIPS_OFFICER,
    READ_ONLY_VIEWER,
    role_label,
)
from iomcso.core.workflow import InvalidTransition, transition_log_for
from partners.models import StaffObservation
from partners.screening import services
from partners.screening.models import PossibleMatch
from partners.screening.selectors import organization_is_blocked
from tests.factories import StaffUserFactory, UserFactory
from tests.partners.factories import OrganizationFactory, OrganizationMemberFactory

from .conftest import fixture_bytes

pytestmark = pytest.mark.django_db

QUEUE = "/en/admin/screening/possiblematch/"


def officer(role: str, **fields):
    user = StaffUserFactory(**fields)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def possible_match(list_version):
    organization = OrganizationFactory(name="Al Rasheed Trust")
    services.organization_screen(organization_id=organization.pk)
    return PossibleMatch.objects.get(organization=organization)


def test_a_false_positive_is_not_raised_again_while_the_entry_is_unchanged(possible_match):
    services.possible_match_dismiss(
        actor=officer(DUE_DILIGENCE_OFFICER),
        possible_match=possible_match,
        reason="Registered in 2019 in Norway; different address and board.",
    )

    raised = services.organization_screen(organization_id=possible_match.organization_id)

    assert raised == []
    possible_match.refresh_from_db()
    assert possible_match.status == PossibleMatch.Status.FALSE_POSITIVE


def test_a_false_positive_is_raised_again_when_the_list_entry_changes(possible_match):
    services.possible_match_dismiss(
        actor=officer(DUE_DILIGENCE_OFFICER), possible_match=possible_match, reason="Different."
    )
    changed = fixture_bytes().replace(b"Kandahar", b"Kabul")
    version = services.list_import(content=changed, source="v2")

    services.list_version_screen(version_id=version.pk)

    possible_match.refresh_from_db()
    assert possible_match.status == PossibleMatch.Status.OPEN
    assert possible_match.found_in == version
    moves = [(log.from_status, log.to_status) for log in transition_log_for(possible_match)]
    assert moves == [("", "open"), ("open", "false_positive"), ("false_positive", "open")]


def test_a_decision_needs_a_reason_and_is_recorded_with_who_and_when(possible_match):
    actor = officer(DUE_DILIGENCE_OFFICER)
    with pytest.raises(ValidationError):
        services.possible_match_dismiss(actor=actor, possible_match=possible_match, reason=" ")

    services.possible_match_dismiss(actor=actor, possible_match=possible_match, reason="Other org")

    decision = transition_log_for(possible_match).last()
    assert decision is not None
    assert (decision.actor, decision.to_status, decision.comment) == (
        actor,
        PossibleMatch.Status.FALSE_POSITIVE,
        "Other org",
    )
    with pytest.raises(InvalidTransition, match="already decided"):
        services.possible_match_confirm(actor=actor, possible_match=possible_match, reason="x")


def test_a_confirmed_match_blocks_adds_a_serious_concern_and_tells_registry_staff(
    possible_match,
):
    registry_officer = officer(PARTNERSHIPS_OFFICER, language="fr")
    officer(CONSULTATIONS_OFFICER)  # not registry staff: not told
    partner_admin = OrganizationMemberFactory(
        organization=possible_match.organization, user=UserFactory(), role="administrator"
    )

    services.possible_match_confirm(
        actor=officer(DUE_DILIGENCE_OFFICER),
        possible_match=possible_match,
        reason="Same address in Karachi, same trustees.",
    )

    assert organization_is_blocked(organization_id=possible_match.organization_id)
    concern = StaffObservation.objects.get(organization=possible_match.organization)
    assert concern.severity == "serious"
    assert "QDe.905" in concern.text
    recipients = {address for message in OutboxMessage.objects.all() for address in message.to}
    assert registry_officer.email in recipients
    assert partner_admin.user.email not in recipients
    assert all(address.endswith("@iom.int") for address in recipients), "the partner is never told"
    french = OutboxMessage.objects.get(to=[registry_officer.email])
    assert "Liste" in french.subject or "liste" in french.subject
    assert not mail.outbox or all(
        partner_admin.user.email not in message.to for message in mail.outbox
    )


def test_the_due_diligence_role_has_a_translated_name():
    from django.utils import translation

    with translation.override("fr"):
        assert role_label(DUE_DILIGENCE_OFFICER) != DUE_DILIGENCE_OFFICER
    with translation.override("es"):
        assert role_label(DUE_DILIGENCE_OFFICER) != DUE_DILIGENCE_OFFICER


# --- The review queue in the admin ---------------------------------------------


def test_the_queue_opens_on_open_matches_with_a_bounded_number_of_queries(
    client, list_version, django_assert_max_num_queries
):
    for name in ("Al Rasheed Trust", "Al-Rashid Foundation", "Green Valley Trading Ltd"):
        services.organization_screen(organization_id=OrganizationFactory(name=name).pk)
    client.force_login(officer(DUE_DILIGENCE_OFFICER))

    assert client.get(QUEUE).status_code == 302
    with django_assert_max_num_queries(12):
        response = client.get(QUEUE, {"status__exact": "open"})

    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == 3


def test_the_review_page_shows_partner_and_entry_side_by_side_and_records_a_decision(
    client, possible_match
):
    user = officer(DUE_DILIGENCE_OFFICER)
    client.force_login(user)
    url = f"{QUEUE}{possible_match.pk}/change/"

    page = client.get(url).content.decode()
    assert "Al Rasheed Trust" in page
    assert "QDe.905" in page
    assert "مؤسسة الرشيد" in page
    assert "Kitab Ghar" in page

    refused = client.post(url, {"outcome": "false_positive", "reason": ""})
    assert refused.status_code == 400
    response = client.post(url, {"outcome": "false_positive", "reason": "Different country."})

    assert response.status_code == 302
    possible_match.refresh_from_db()
    assert possible_match.status == PossibleMatch.Status.FALSE_POSITIVE
    assert possible_match.decided_by == user


@pytest.mark.parametrize("role", [PARTNERSHIPS_OFFICER, READ_ONLY_VIEWER, CONSULTATIONS_OFFICER])
def test_only_due_diligence_officers_decide(client, possible_match, role):
    client.force_login(officer(role))
    url = f"{QUEUE}{possible_match.pk}/change/"

    response = client.post(url, {"outcome": "confirmed", "reason": "Looks the same."})

    assert response.status_code == 403
    possible_match.refresh_from_db()
    assert possible_match.status == PossibleMatch.Status.OPEN


def test_a_partner_never_reaches_screening_pages(client, possible_match):
    member = OrganizationMemberFactory(organization=possible_match.organization)
    client.force_login(member.user)

    for url in (QUEUE, f"{QUEUE}{possible_match.pk}/change/", "/en/admin/screening/listentry/"):
        assert client.get(url).status_code in (302, 403)
    portal = client.get("/en/portal/").content.decode()
    assert "QDe.905" not in portal
    assert "sanction" not in portal.lower()


def test_a_due_diligence_officer_imports_a_list_file_in_the_admin(client, db, tmp_path):
    client.force_login(officer(DUE_DILIGENCE_OFFICER))
    url = "/en/admin/screening/listversion/import/"
    bad = tmp_path / "bad.xml"
    bad.write_bytes(b"<nope")

    with bad.open("rb") as handle:
        refused = client.post(url, {"file": handle})
    assert refused.status_code == 200
    assert "well-formed" in refused.content.decode()

    from .conftest import FIXTURE

    with FIXTURE.open("rb") as handle:
        response = client.post(url, {"file": handle})

    assert response.status_code == 302
    page = client.get("/en/admin/screening/listversion/").content.decode()
    assert "Import a list file" in page

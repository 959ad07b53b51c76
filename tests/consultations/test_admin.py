"""Staff pages: changelists, workflow actions, invitations, check-in, exports, statistics."""

import csv
import io
import re

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from openpyxl.worksheet.worksheet import Worksheet

from consultations.admin import ConsultationDocumentForm
from consultations.models import Consultation, Invitation, Registration
from iomcso.core.roles import CONSULTATIONS_OFFICER, READ_ONLY_VIEWER
from partners.choices import ObservationSeverity, PartnerType
from tests.factories import StaffUserFactory, SuperUserFactory

from .factories import (
    ConsultationFactory,
    ContactFactory,
    InvitationFactory,
    RegistrationFactory,
    StaffObservationFactory,
    VerifiedOrganizationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(SuperUserFactory())
    return client


def role_user(role: str):
    user = StaffUserFactory()
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:consultations_consultation_changelist",
        "admin:consultations_registration_changelist",
        "admin:consultations_invitation_changelist",
    ],
)
def test_changelists_run_a_bounded_number_of_queries(
    staff_client, django_assert_max_num_queries, url_name
):
    consultation = ConsultationFactory()
    for _ in range(15):
        RegistrationFactory(consultation=consultation)
        InvitationFactory(consultation=consultation)
    with django_assert_max_num_queries(20):
        response = staff_client.get(reverse(url_name))
    assert response.status_code == 200


def test_the_publish_action_goes_through_the_workflow(staff_client):
    draft = ConsultationFactory(status=Consultation.Status.DRAFT)
    held = ConsultationFactory(status=Consultation.Status.HELD)
    response = staff_client.post(
        reverse("admin:consultations_consultation_changelist"),
        {"action": "consultation_publish", "_selected_action": [draft.pk, held.pk]},
        follow=True,
    )
    draft.refresh_from_db()
    held.refresh_from_db()
    assert draft.status == Consultation.Status.PUBLISHED
    assert held.status == Consultation.Status.HELD
    page = response.content.decode()
    assert "cannot go from" in page
    assert "1 consultation updated." in page


def test_the_clone_action_creates_a_draft_for_next_year(staff_client):
    source = ConsultationFactory(status=Consultation.Status.HELD)
    staff_client.post(
        reverse("admin:consultations_consultation_changelist"),
        {"action": "clone_action", "_selected_action": [source.pk]},
    )
    clone = Consultation.objects.get(cloned_from=source)
    assert clone.status == Consultation.Status.DRAFT
    assert clone.starts_at is not None
    assert source.starts_at is not None
    assert clone.starts_at.year == source.starts_at.year + 1


def test_staff_invite_organizations_chosen_with_registry_filters(staff_client, deliver_outbox):
    consultation = ConsultationFactory()
    union = VerifiedOrganizationFactory(name="Dockers Union", partner_type=PartnerType.UNION)
    VerifiedOrganizationFactory(name="Research Institute", partner_type=PartnerType.ACADEMIC)
    ContactFactory(organization=union, email="union@example.org", languages=["fr"], is_primary=True)
    url = reverse("admin:consultations_invite", args=[consultation.pk])
    page = staff_client.get(url, {"partner_type": "union", "search": "1"}).content.decode()
    assert "Dockers Union" in page
    assert "Research Institute" not in page
    staff_client.post(url, {"organization": [union.pk]})
    invitation = Invitation.objects.get(consultation=consultation)
    assert (invitation.organization, invitation.status) == (union, Invitation.Status.SENT)
    deliver_outbox()
    assert [message.to for message in mail.outbox] == [["union@example.org"]]
    assert mail.outbox[0].extra_headers["Content-Language"] == "fr"


def test_check_in_list_records_attendance_and_flags_serious_concerns(staff_client):
    consultation = ConsultationFactory()
    registration = RegistrationFactory(consultation=consultation, full_name="Checked Person")
    StaffObservationFactory(
        organization=registration.organization, severity=ObservationSeverity.SERIOUS
    )
    url = reverse("admin:consultations_check_in", args=[consultation.pk])
    page = staff_client.get(url).content.decode()
    assert "Checked Person" in page
    assert "Serious concern on file" in page
    staff_client.post(url, {"registration": registration.pk, "attendance": "present"})
    registration.refresh_from_db()
    assert registration.attendance == Registration.Attendance.PRESENT


@pytest.mark.parametrize("factory", [RegistrationFactory, InvitationFactory])
def test_registration_and_invitation_pages_show_the_serious_concern_banner(staff_client, factory):
    obj = factory()
    change = reverse(f"admin:consultations_{obj._meta.model_name}_change", args=[obj.pk])
    assert "Serious concern" not in staff_client.get(change).content.decode()
    StaffObservationFactory(organization=obj.organization, severity=ObservationSeverity.CONCERN)
    assert "Serious concern" not in staff_client.get(change).content.decode()
    observation = StaffObservationFactory(
        organization=obj.organization,
        severity=ObservationSeverity.SERIOUS,
        text="Funding source under investigation.",
    )
    page = staff_client.get(change).content.decode()
    assert "Serious concern" in page
    # The same banner as the organization's own page: what the concern says.
    assert "Funding source under investigation." in page
    observation.resolved_at = observation.created_at
    observation.save()
    assert "Serious concern" not in staff_client.get(change).content.decode()


def test_participants_export_as_csv_and_xlsx(staff_client):
    consultation = ConsultationFactory()
    RegistrationFactory(consultation=consultation, full_name="Alpha Person")
    RegistrationFactory(consultation=consultation, full_name="=HYPERLINK(evil)")
    RegistrationFactory(full_name="Other Consultation Person")
    response = staff_client.get(
        reverse("admin:consultations_export", args=[consultation.pk, "csv"])
    )
    assert response.streaming
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    names = sorted(row[0] for row in rows[1:])
    assert names == ["'=HYPERLINK(evil)", "Alpha Person"]
    response = staff_client.get(
        reverse("admin:consultations_export", args=[consultation.pk, "xlsx"])
    )
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)
    sheet_rows = list(sheet.iter_rows(values_only=True))
    assert sorted(str(row[0]) for row in sheet_rows[1:]) == names


def test_badges_and_statistics_pages(staff_client):
    consultation = ConsultationFactory()
    RegistrationFactory(
        consultation=consultation, full_name="Badge Person", attendance="present", gender="female"
    )
    RegistrationFactory(consultation=consultation, attendance="no_show")
    badges = staff_client.get(reverse("admin:consultations_badges", args=[consultation.pk]))
    assert "Badge Person" in badges.content.decode()
    stats = staff_client.get(reverse("admin:consultations_statistics", args=[consultation.pk]))
    assert "Attendance rate: 50.0%." in stats.content.decode()


def test_a_consultations_officer_manages_and_a_read_only_viewer_only_reads(client):
    consultation = ConsultationFactory()
    registration = RegistrationFactory(consultation=consultation)
    check_in = reverse("admin:consultations_check_in", args=[consultation.pk])
    client.force_login(role_user(READ_ONLY_VIEWER))
    assert client.get(check_in).status_code == 200
    assert client.post(check_in, {"registration": registration.pk}).status_code == 403
    client.force_login(role_user(CONSULTATIONS_OFFICER))
    assert client.post(check_in, {"registration": registration.pk}).status_code == 302
    registration.refresh_from_db()
    assert registration.attendance == Registration.Attendance.PRESENT
    client.force_login(StaffUserFactory())
    assert client.get(check_in).status_code == 403


def test_a_document_upload_is_checked_by_content():
    consultation = ConsultationFactory()
    fake = SimpleUploadedFile("report.pdf", b"MZ\x90\x00" + b"\x00" * 100, "application/pdf")
    form = ConsultationDocumentForm(
        data={"kind": "report", "title": "Report", "visibility": "public"},
        files=MultiValueDict({"file": [fake]}),
        instance=None,
    )
    form.instance.consultation = consultation
    assert not form.is_valid()
    assert "not accepted" in str(form.errors["file"])
    real = SimpleUploadedFile("r.pdf", b"%PDF-1.7\n" + b"0" * 100, "application/pdf")
    form = ConsultationDocumentForm(
        data={"kind": "report", "title": "Report", "visibility": "public"},
        files=MultiValueDict({"file": [real]}),
    )
    form.instance.consultation = consultation
    assert form.is_valid(), form.errors
    document = form.save()
    assert document.content_type == "application/pdf"
    assert document.original_name == "r.pdf"
    assert "r.pdf" not in document.file.name


def test_demo_data_loads_once():
    from consultations.demo import load_demo_data

    first = load_demo_data()
    second = load_demo_data()
    assert "open for registration" in first
    assert second.endswith("demo consultation already present")
    assert Consultation.objects.filter(status=Consultation.Status.REGISTRATION_OPEN).count() == 1


def test_every_staff_page_of_a_consultation_renders(staff_client):
    from consultations.models import AgendaSession, Series

    consultation = ConsultationFactory()
    RegistrationFactory(consultation=consultation)
    InvitationFactory(consultation=consultation)
    session = AgendaSession.objects.create(consultation=consultation, title="Opening")
    series = Series.objects.first()
    assert series is not None
    urls = [
        reverse("admin:consultations_consultation_add"),
        reverse("admin:consultations_consultation_change", args=[consultation.pk]),
        reverse("admin:consultations_agendasession_change", args=[session.pk]),
        reverse("admin:consultations_series_changelist"),
        reverse("admin:consultations_series_change", args=[series.pk]),
        reverse("admin:consultations_actionpoint_changelist"),
        reverse("admin:consultations_invite", args=[consultation.pk]),
    ]
    for url in urls:
        assert staff_client.get(url).status_code == 200, url


def test_built_in_series_cannot_be_deleted(staff_client):
    from consultations.models import Series

    series = Series.objects.get(code=Series.ANNUAL_CSO)
    response = staff_client.get(reverse("admin:consultations_series_delete", args=[series.pk]))
    assert response.status_code == 403


def test_invitation_filters_by_region_level_network_and_observer_status(monkeypatch):
    from consultations import selectors
    from partners.choices import Level
    from tests.partners.factories import NetworkFactory, NetworkMembershipFactory

    consultation = ConsultationFactory()
    kenyan = VerifiedOrganizationFactory(name="Nairobi Migrant Aid", headquarters_country="KE")
    global_ngo = VerifiedOrganizationFactory(name="Global Rights", level=Level.GLOBAL)
    network = NetworkFactory(name="Migration Network")
    NetworkMembershipFactory(network=network, member=global_ngo)
    VerifiedOrganizationFactory(name="Quiet Local Group", level=Level.LOCAL)

    def names(**params) -> set[str]:
        found = selectors.organizations_to_invite(params=params, consultation=consultation)
        return {row["organization"].name for row in found["rows"]}

    assert names(region=["east_horn_africa"]) == {kenyan.name}
    assert names(level=["global"]) >= {global_ngo.name}
    assert "Quiet Local Group" not in names(level=["global"])
    assert names(network=str(network.pk)) == {global_ngo.name}
    monkeypatch.setattr(selectors, "observer_organization_ids", lambda: {kenyan.pk})
    assert names(observers="on") == {kenyan.name}


def test_the_invite_page_names_each_found_organizations_invitation_status(staff_client):
    consultation = ConsultationFactory()
    InvitationFactory(
        consultation=consultation,
        organization=VerifiedOrganizationFactory(name="Declining Migrant Aid"),
        status=Invitation.Status.DECLINED,
    )
    url = reverse("admin:consultations_invite", args=[consultation.pk])

    content = staff_client.get(url, {"q": "Declining", "search": "1"}).content.decode()

    found = content.split("organization found")[1].split("</table>")[0]
    assert "<td>Declined</td>" in found
    assert "<td>declined</td>" not in found


def test_the_delegates_changelist_flags_organizations_with_a_serious_concern(staff_client):
    flagged = RegistrationFactory(full_name="Flagged Delegate")
    RegistrationFactory(full_name="Clear Delegate")
    StaffObservationFactory(organization=flagged.organization, severity=ObservationSeverity.SERIOUS)
    html = staff_client.get(reverse("admin:consultations_registration_changelist")).content.decode()
    assert html.count('alt="True"') == 1


def test_raising_the_capacity_in_the_admin_gives_waitlisted_delegates_their_seats(rf):
    from django.contrib import admin
    from django.contrib.messages.storage.fallback import FallbackStorage

    consultation = ConsultationFactory(capacity=1)
    RegistrationFactory(consultation=consultation)
    waiting = RegistrationFactory(consultation=consultation, status=Registration.Status.WAITLISTED)
    request = rf.post("/")
    request.user = SuperUserFactory()
    request.session = {}
    request._messages = FallbackStorage(request)
    consultation.capacity = 5

    class ChangedCapacity:
        changed_data = ["capacity"]

    admin.site._registry[Consultation].save_model(request, consultation, ChangedCapacity(), True)

    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED
    assert "1 waitlisted delegate was given a seat" in str(list(request._messages)[0])


def test_action_points_are_edited_in_short_admin_text_boxes(staff_client):
    consultation = ConsultationFactory()

    response = staff_client.get(
        reverse("admin:consultations_consultation_change", args=[consultation.pk])
    )

    match = re.search(
        r'<textarea name="action_points-__prefix__-text"[^>]*>', response.content.decode()
    )
    assert match is not None
    assert 'rows="2"' in match.group(0)
    assert 'class="vLargeTextField"' in match.group(0)

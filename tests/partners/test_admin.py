import csv
import io

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl.worksheet.worksheet import Worksheet

from iomcso.core.models import TransitionLog
from iomcso.core.roles import (
    CONSULTATIONS_OFFICER,
    OBSERVER_REVIEWER,
    PARTNERSHIPS_OFFICER,
    READ_ONLY_VIEWER,
)
from partners import services
from partners.models import Contact, Organization
from partners.resources import OrganizationResource
from tests.factories import StaffUserFactory, SuperUserFactory

from .factories import (
    ContactFactory,
    NetworkFactory,
    NetworkMembershipFactory,
    OrganizationFactory,
    VerifiedOrganizationFactory,
)

pytestmark = pytest.mark.django_db

ADMIN = "/en/admin/partners/organization/"


@pytest.fixture
def staff(client):
    user = SuperUserFactory()
    client.force_login(user)
    return user


def officer(role: str):
    user = StaffUserFactory()
    user.groups.add(Group.objects.get(name=role))
    return user


# --- Create, transitions, merge through the admin -----------------------------


def test_staff_creates_an_organization_in_the_admin_through_the_service(client, staff):
    response = client.post(
        f"{ADMIN}add/",
        {
            "name": "Cáritas Kenya",
            "acronym": "CK",
            "partner_type": "ngo",
            "level": "national",
            "headquarters_country": "KE",
            "countries_of_operation": ["UG", "KE"],
            "activities": ["research"],
            "operating_settings": [],
            "ecosoc_status": "none",
            **empty_inlines(),
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    organization = Organization.objects.get()
    assert organization.slug == "caritas-kenya"
    assert organization.regions == ["east_horn_africa"]
    assert organization.verification_status == "pending"
    assert organization.history.first().history_user == staff


def test_admin_form_refuses_the_same_name_in_the_same_country(client, staff):
    OrganizationFactory(name="Caritas Kenya", headquarters_country="KE")
    response = client.post(
        f"{ADMIN}add/",
        {
            "name": "CÁRITAS kenya",
            "partner_type": "ngo",
            "level": "national",
            "headquarters_country": "KE",
            "ecosoc_status": "none",
            **empty_inlines(),
        },
    )
    assert response.status_code == 200
    assert "already registered in this country" in response.content.decode()
    assert Organization.objects.count() == 1


def empty_inlines() -> dict:
    data = {}
    for prefix in [
        "contacts",
        "network_links",
        "member_links",
        "cooperation_records",
        "observations",
    ]:
        data[f"{prefix}-TOTAL_FORMS"] = "0"
        data[f"{prefix}-INITIAL_FORMS"] = "0"
    return data


def status_changes_inline(organization) -> dict:
    """The management form of the read-only "status changes" inline on a change page."""
    prefix = "core-transitionlog-content_type-object_id"
    count = str(
        TransitionLog.objects.filter(
            content_type=ContentType.objects.get_for_model(organization), object_id=organization.pk
        ).count()
    )
    return {f"{prefix}-TOTAL_FORMS": count, f"{prefix}-INITIAL_FORMS": count}


def test_staff_verifies_from_the_change_page_and_history_shows_who(client, staff):
    organization = OrganizationFactory()
    page = client.get(f"{ADMIN}{organization.pk}/change/").content.decode()
    transition_url = f"{ADMIN}{organization.pk}/transition/verify/"
    assert transition_url in page
    response = client.post(transition_url, {"reason": ""})
    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.verification_status == "verified"
    history = client.get(f"{ADMIN}{organization.pk}/history/").content.decode()
    assert staff.email in history or staff.get_full_name() in history
    assert "Verified" in history


def test_reject_action_asks_for_a_reason_before_rejecting(client, staff):
    first, second = OrganizationFactory(), OrganizationFactory()
    data = {"action": "reject_selected", "_selected_action": [first.pk, second.pk]}
    response = client.post(ADMIN, data)
    assert response.status_code == 200
    assert "Reason" in response.content.decode()
    first.refresh_from_db()
    assert first.verification_status == "pending"

    response = client.post(ADMIN, {**data, "apply": "1", "reason": ""})
    assert response.status_code == 200  # the form again: the reason is required
    response = client.post(ADMIN, {**data, "apply": "1", "reason": "Not a CSO."})
    assert response.status_code == 302
    for organization in (first, second):
        organization.refresh_from_db()
        assert organization.verification_status == "rejected"
        assert organization.status_reason == "Not a CSO."


def test_bulk_verify_and_suspend_go_through_the_transitions(client, staff):
    pending, verified = OrganizationFactory(), VerifiedOrganizationFactory()
    client.post(ADMIN, {"action": "verify_selected", "_selected_action": [pending.pk, verified.pk]})
    pending.refresh_from_db()
    assert pending.verification_status == "verified"
    data = {"action": "suspend_selected", "_selected_action": [pending.pk], "apply": "1"}
    client.post(ADMIN, {**data, "reason": "Investigation"})
    pending.refresh_from_db()
    assert pending.verification_status == "suspended"
    client.post(ADMIN, {"action": "reinstate_selected", "_selected_action": [pending.pk]})
    pending.refresh_from_db()
    assert pending.verification_status == "verified"


def test_staff_merges_two_organizations_in_the_admin(client, staff):
    keep = VerifiedOrganizationFactory(name="International Catholic Migration Commission")
    duplicate = services.organization_create(
        actor=staff,
        name="Internationl Catholic Migration Comission",
        partner_type="ngo",
        level="global",
        headquarters_country="CH",
    )
    ContactFactory(organization=duplicate, name="Moved Contact")
    change_page = client.get(f"{ADMIN}{duplicate.pk}/change/").content.decode()
    assert "International Catholic Migration Commission" in change_page
    assert "merge/?ids=" in change_page
    flagged = client.get(ADMIN, {"duplicates": "yes"})
    assert [o.pk for o in flagged.context["cl"].result_list] == [duplicate.pk]
    assert "[possible duplicate]" in flagged.content.decode()

    response = client.post(f"{ADMIN}merge/", {"ids": f"{keep.pk},{duplicate.pk}", "keep": keep.pk})
    assert response.status_code == 302
    assert not Organization.objects.filter(pk=duplicate.pk).exists()
    assert Contact.objects.get(name="Moved Contact").organization == keep


def test_serious_concern_is_shown_on_staff_pages_about_the_organization(client, staff):
    organization = OrganizationFactory()
    services.observation_add(
        actor=staff, organization=organization, severity="serious", text="Sanctions list match"
    )
    contact = ContactFactory(organization=organization)
    for url in [
        f"{ADMIN}{organization.pk}/change/",
        f"/en/admin/partners/contact/{contact.pk}/change/",
    ]:
        assert "Sanctions list match" in client.get(url).content.decode()
    listing = client.get(ADMIN, {"concern": "serious"})
    assert [o.pk for o in listing.context["cl"].result_list] == [organization.pk]
    assert "[serious concern]" in listing.content.decode()


def test_the_change_page_lists_each_status_change_with_who_and_why(client, staff):
    officer = StaffUserFactory(full_name="Amina Diallo")
    organization = OrganizationFactory()
    services.organization_verify(actor=officer, organization=organization)
    services.organization_suspend(
        actor=officer, organization=organization, reason="Registration lapsed"
    )

    response = client.get(f"{ADMIN}{organization.pk}/change/")

    inline = next(
        formset
        for formset in response.context["inline_admin_formsets"]
        if formset.formset.model is TransitionLog
    )
    rows = [
        (form.instance.from_status, form.instance.to_status, form.instance.comment)
        for form in inline.formset.forms
    ]
    assert rows == [
        ("pending", "verified", ""),
        ("verified", "suspended", "Registration lapsed"),
    ]
    page = response.content.decode()
    assert "Status changes" in page
    assert "Amina Diallo" in page
    # Read-only: nothing to add, change or delete.
    assert 'name="core-transitionlog-content_type-object_id-0-to_status"' not in page


def test_a_new_organization_page_has_no_status_changes_table(client, staff):
    response = client.get(f"{ADMIN}add/")

    models = [formset.formset.model for formset in response.context["inline_admin_formsets"]]
    assert TransitionLog not in models


def test_observation_added_inline_goes_through_the_service(client, staff):
    organization = OrganizationFactory()
    data = {
        "name": organization.name,
        "partner_type": organization.partner_type,
        "level": organization.level,
        "headquarters_country": "CH",
        "countries_of_operation": "CH",
        "ecosoc_status": "none",
        **empty_inlines(),
        **status_changes_inline(organization),
        "observations-TOTAL_FORMS": "1",
        "observations-0-severity": "concern",
        "observations-0-text": "Late reports",
    }
    response = client.post(f"{ADMIN}{organization.pk}/change/", data)
    assert response.status_code == 302
    observation = organization.observations.get()
    assert observation.author == staff


# --- Changelist --------------------------------------------------------------


def test_changelist_filters_and_searches_with_a_bounded_number_of_queries(
    client, staff, django_assert_max_num_queries
):
    network = NetworkFactory()
    for _ in range(30):
        NetworkMembershipFactory(
            network=network, member=OrganizationFactory(headquarters_country="KE")
        )
    with django_assert_max_num_queries(14):
        response = client.get(
            ADMIN,
            {"region": "east_horn_africa", "network": network.pk, "q": "network", "o": "1"},
        )
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == 25  # a full page of the 30


def test_changelist_never_counts_the_whole_table(client, staff, django_assert_max_num_queries):
    OrganizationFactory.create_batch(3)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(ADMIN)
    counts = [
        q["sql"] for q in queries if "COUNT(" in q["sql"] and "partners_organization" in q["sql"]
    ]
    assert all("LIMIT" in sql for sql in counts), counts


def test_search_by_country_name(client, staff):
    OrganizationFactory(name="Nairobi Aid", headquarters_country="KE")
    OrganizationFactory(name="Geneva Aid", headquarters_country="CH")
    OrganizationFactory(name="Mombasa Media", headquarters_country="KE", partner_type="media")
    response = client.get(ADMIN, {"q": "Kenya"})
    assert [o.name for o in response.context["cl"].result_list] == ["Mombasa Media", "Nairobi Aid"]
    response = client.get(ADMIN, {"q": "kenya", "partner_type__exact": "ngo"})
    assert [o.name for o in response.context["cl"].result_list] == ["Nairobi Aid"]


def test_dashboard_counts_and_lists_pending_oldest_first(client, staff):
    older = OrganizationFactory(name="Older pending")
    OrganizationFactory(name="Newer pending")
    VerifiedOrganizationFactory(headquarters_country="KE")
    Organization.objects.filter(pk=older.pk).update(created_at="2020-01-01T00:00Z")
    assert "/en/admin/partners/registrydashboard/" in client.get("/en/admin/").content.decode()
    assert client.get("/en/admin/partners/registrydashboard/").url == f"{ADMIN}dashboard/"
    response = client.get(f"{ADMIN}dashboard/")
    page = response.content.decode()
    assert response.status_code == 200
    assert page.index("Older pending") < page.index("Newer pending")
    assert response.context["dashboard"].by_status == {"pending": 2, "verified": 1}
    assert response.context["dashboard"].by_region["east_horn_africa"] == 1


# --- Export and import -------------------------------------------------------


def export(client, params: str, file_format: int):
    fields = {
        f"organizationresource_{name}": "on" for name in OrganizationResource().get_export_order()
    }
    return client.post(f"{ADMIN}export/?{params}", {"format": file_format, "resource": 0, **fields})


def test_export_of_a_filtered_changelist_gives_exactly_the_filtered_rows_in_csv_and_xlsx(
    client, staff
):
    VerifiedOrganizationFactory(
        name="Kenyan media", partner_type="media", headquarters_country="KE"
    )
    VerifiedOrganizationFactory(
        name="Ugandan media", partner_type="media", headquarters_country="UG"
    )
    VerifiedOrganizationFactory(name="Swiss media", partner_type="media", headquarters_country="CH")
    OrganizationFactory(name="Kenyan NGO", partner_type="ngo", headquarters_country="KE")
    params = "partner_type__exact=media&region=east_horn_africa"

    response = export(client, params, 0)
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert sorted(row["name"] for row in rows) == ["Kenyan media", "Ugandan media"]

    response = export(client, params, 1)
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)
    header = [cell.value for cell in sheet[1]]
    names = sorted(
        str(row[header.index("name")]) for row in sheet.iter_rows(min_row=2, values_only=True)
    )
    assert names == ["Kenyan media", "Ugandan media"]


CSV_HEADER = "name,acronym,partner_type,level,headquarters_country,countries_of_operation,activities,operating_settings,website,public_email,ecosoc_status\n"


def upload(client, content: str):
    return client.post(
        f"{ADMIN}import/",
        {
            "import_file": SimpleUploadedFile("organizations.csv", content.encode()),
            "format": 0,  # CSV
            "resource": 0,
        },
    )


def test_import_with_one_bad_row_saves_nothing_and_shows_the_rows_error(client, staff):
    content = CSV_HEADER + (
        'Good One,G1,ngo,national,KE,"KE,UG",research,,https://good.example,info@good.example,none\n'
        "Bad One,B1,ngo,national,KE,,,,,not-an-email,none\n"
        "Good Two,G2,media,local,FR,,,,,,none\n"
    )
    response = upload(client, content)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter a valid email address" in page
    invalid_rows = response.context["result"].invalid_rows
    assert [row.number for row in invalid_rows] == [2]
    assert 'name="import_file_name"' not in page  # no confirm button
    assert Organization.objects.count() == 0

    # Even forcing the confirm step with the file saves nothing.
    resource = OrganizationResource()
    import tablib

    dataset = tablib.Dataset().load(content, format="csv")
    result = resource.import_data(
        dataset,
        dry_run=False,
        use_transactions=True,
        rollback_on_validation_errors=True,
        user=staff,
    )
    assert result.has_validation_errors()
    assert Organization.objects.count() == 0


def test_import_preview_then_confirm_saves_pending_organizations(client, staff):
    content = (
        CSV_HEADER + 'Good One,G1,ngo,national,KE,"KE,UG",research,,https://good.example,,none\n'
    )
    response = upload(client, content)
    assert response.status_code == 200
    assert Organization.objects.count() == 0  # dry run
    confirm = response.context["confirm_form"].initial
    response = client.post(f"{ADMIN}process_import/", confirm)
    assert response.status_code == 302
    organization = Organization.objects.get()
    assert organization.regions == ["east_horn_africa"]
    assert organization.slug == "good-one"
    assert organization.verification_status == "pending"


# --- Staff roles -------------------------------------------------------------

PAGES = {
    "organizations": ADMIN,
    "contacts": "/en/admin/partners/contact/",
    "observations": "/en/admin/partners/staffobservation/",
    "documents": "/en/admin/partners/organizationdocument/",
    "dashboard": f"{ADMIN}dashboard/",
}


@pytest.mark.parametrize(
    ("role", "visible"),
    [
        (
            PARTNERSHIPS_OFFICER,
            {"organizations", "contacts", "observations", "documents", "dashboard"},
        ),
        (CONSULTATIONS_OFFICER, {"organizations", "contacts", "observations", "dashboard"}),
        (OBSERVER_REVIEWER, {"organizations", "observations", "documents", "dashboard"}),
        (READ_ONLY_VIEWER, {"organizations", "contacts", "observations", "documents", "dashboard"}),
    ],
)
def test_each_role_sees_only_what_it_may(client, role, visible):
    client.force_login(officer(role))
    for name, url in PAGES.items():
        status = client.get(url).status_code
        assert (status == 200) == (name in visible), (role, name, status)


@pytest.mark.parametrize(
    ("role", "may_verify"),
    [
        (PARTNERSHIPS_OFFICER, True),
        (CONSULTATIONS_OFFICER, False),
        (OBSERVER_REVIEWER, False),
        (READ_ONLY_VIEWER, False),
    ],
)
def test_only_partnerships_officers_verify_edit_and_import(client, role, may_verify):
    client.force_login(officer(role))
    organization = OrganizationFactory()
    response = client.post(f"{ADMIN}{organization.pk}/transition/verify/", {"reason": ""})
    organization.refresh_from_db()
    assert (organization.verification_status == "verified") == may_verify
    assert (client.get(f"{ADMIN}add/").status_code == 200) == may_verify
    assert (client.get(f"{ADMIN}import/").status_code == 200) == may_verify
    assert (client.get(f"{ADMIN}merge/?ids=1,2").status_code != 403) == may_verify
    assert response.status_code in (302, 403)


def test_country_filter_is_a_select_and_network_filter_an_autocomplete_both_keeping_others(
    client, staff
):
    network = NetworkFactory(name="Sahel Network")
    member = OrganizationFactory(name="Niamey Aid", headquarters_country="NE")
    NetworkMembershipFactory(network=network, member=member)
    OrganizationFactory(name="Geneva Aid", headquarters_country="CH")
    response = client.get(ADMIN, {"country": "NE", "partner_type__exact": "ngo"})
    page = response.content.decode()
    assert [o.name for o in response.context["cl"].result_list] == ["Niamey Aid"]
    assert '<option value="NE" selected>Niger</option>' in page
    assert '<input type="hidden" name="partner_type__exact" value="ngo">' in page
    assert "Sahel Network" not in page  # networks are typed and chosen, never listed
    assert 'data-autocomplete-url="/autocomplete/staff-networks/"' in page
    assert "onchange" not in page
    response = client.get(ADMIN, {"network": network.pk})
    assert [o.name for o in response.context["cl"].result_list] == ["Niamey Aid"]
    response = client.get(ADMIN, {"network_text": "sahel", "partner_type__exact": "ngo"})
    assert [o.name for o in response.context["cl"].result_list] == ["Niamey Aid"]
    assert f'name="network" value="{network.pk}"' in response.content.decode()


def test_date_drill_down_offers_years_then_months(client, staff):
    organization = OrganizationFactory(name="Founded long ago")
    Organization.objects.filter(pk=organization.pk).update(created_at="2019-05-02T10:00Z")
    OrganizationFactory(name="Recent")
    page = client.get(ADMIN).content.decode()
    assert "created_at__year=2019" in page
    assert "created_at__year=2020" in page
    response = client.get(ADMIN, {"created_at__year": "2019"})
    assert [o.name for o in response.context["cl"].result_list] == ["Founded long ago"]
    assert "created_at__month=5" in response.content.decode()


@pytest.mark.parametrize(
    "changelist",
    [
        "contact",
        "cooperationrecord",
        "networkmembership",
        "staffobservation",
        "possibleduplicate",
        "organizationmember",
        "organizationdocument",
    ],
)
def test_every_registry_changelist_runs_a_bounded_number_of_queries(
    client, staff, changelist, django_assert_max_num_queries
):
    from partners.models import OrganizationDocument, PossibleDuplicate

    from .factories import (
        CooperationRecordFactory,
        OrganizationMemberFactory,
        StaffObservationFactory,
    )

    for _ in range(15):
        organization = OrganizationFactory()
        ContactFactory(organization=organization)
        CooperationRecordFactory(organization=organization)
        NetworkMembershipFactory(member=organization)
        StaffObservationFactory(organization=organization)
        OrganizationMemberFactory(organization=organization)
        PossibleDuplicate.objects.create(
            organization=organization, similar_to=OrganizationFactory(), reason="test"
        )
        OrganizationDocument.objects.create(
            organization=organization,
            kind="statutes",
            file="x.pdf",
            original_name="x.pdf",
            content_type="application/pdf",
            size=1,
        )
    with django_assert_max_num_queries(12):
        response = client.get(f"/en/admin/partners/{changelist}/")
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) >= 15


def test_xlsx_import_with_a_bad_row_saves_nothing(client, staff):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)
    sheet.append(CSV_HEADER.strip().split(","))
    sheet.append(["Good XLSX", "", "ngo", "local", "KE", "KE", "", "", "", "", "none"])
    sheet.append(["Bad XLSX", "", "not-a-type", "local", "KE", "", "", "", "", "", "none"])
    content = io.BytesIO()
    workbook.save(content)
    response = client.post(
        f"{ADMIN}import/",
        {
            "import_file": SimpleUploadedFile("organizations.xlsx", content.getvalue()),
            "format": 1,  # XLSX
            "resource": 0,
        },
    )
    assert response.status_code == 200
    assert [row.number for row in response.context["result"].invalid_rows] == [2]
    assert "not a valid choice" in response.content.decode()
    assert Organization.objects.count() == 0


def test_staff_find_identity_changes_awaiting_review_and_reach_the_review_page(client, staff):
    changed = VerifiedOrganizationFactory(
        name="Caritas Lebanon", pending_identity_changes={"name": "Caritas Liban"}
    )
    unchanged = VerifiedOrganizationFactory(name="Caritas Jordan")

    listing = client.get(ADMIN, {"identity_changes": "awaiting"}).content.decode()
    assert "Caritas Lebanon" in listing
    assert unchanged.name not in listing

    page = client.get(f"{ADMIN}{changed.pk}/change/").content.decode()
    assert f'href="/en/portal/staff/identity-changes/#org-{changed.pk}"' in page

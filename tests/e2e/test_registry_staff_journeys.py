"""The registry as a Partnerships officer keeps it, in Chromium: import with a dry-run preview,
export of a filtered list, rejection and resubmission with the partner, merge of duplicates.

The officer is a plain staff user in the "Partnerships officer" group the migrations create
(``iomcso.core.roles``), not a superuser, so each journey also proves the role is enough.
Every page is scanned with axe-core (no serious or critical violation), except the export
form, whose known violation has its own test below.
"""

import csv
import re
from pathlib import Path

import openpyxl
import pytest
from django.contrib.auth.models import Group
from openpyxl.worksheet.worksheet import Worksheet
from playwright.sync_api import Page, expect

from iomcso.core.models import OutboxMessage
from iomcso.core.roles import PARTNERSHIPS_OFFICER
from partners import services
from partners.choices import MemberRole, VerificationStatus
from partners.models import (
    Contact,
    CooperationRecord,
    Organization,
    OrganizationMember,
    PossibleDuplicate,
)
from tests.e2e.journey import click_and_wait, sign_in
from tests.factories import StaffUserFactory, SuperUserFactory, UserFactory
from tests.partners.factories import (
    ContactFactory,
    CooperationRecordFactory,
    OrganizationFactory,
    OrganizationMemberFactory,
    VerifiedOrganizationFactory,
)

ADMIN = "/en/admin/partners/organization/"

pytestmark = pytest.mark.django_db(transaction=True)


def _partnerships_officer(full_name: str):
    """A staff user whose only rights come from the group the migration created."""
    officer = StaffUserFactory(full_name=full_name)
    officer.groups.add(Group.objects.get(name=PARTNERSHIPS_OFFICER))
    return officer


def _open_organizations_changelist(page: Page) -> None:
    page.goto("/en/admin/")
    click_and_wait(page, page.get_by_role("link", name="Organizations", exact=True).first)
    expect(page.get_by_role("heading", level=1)).to_have_text("Select organization to change")


def _changelist_names(page: Page) -> list[str]:
    """The organization names the changelist shows (the first cell of each row)."""
    cells = page.locator("#result_list tbody tr th").all_inner_texts()
    return sorted(re.sub(r"\s*\[.*\]$", "", cell).strip() for cell in cells)


def _latest_email(to: str, subject_contains: str) -> OutboxMessage:
    message = (
        OutboxMessage.objects.filter(to=[to], subject__contains=subject_contains)
        .order_by("-created_at")
        .first()
    )
    assert message is not None, f"no email to {to} about {subject_contains!r}"
    return message


def _path_of_link(message: OutboxMessage, pattern: str) -> str:
    """The path of the first link matching ``pattern`` (emails carry SITE_URL, not the
    live server's address)."""
    found = re.search(rf"https?://[^\s]+{pattern}[^\s]*", message.body_text)
    assert found is not None, f"no link matching {pattern} in {message.subject!r}"
    return "/" + found.group(0).split("://", 1)[1].split("/", 1)[1]


# --- 1. Import with a dry-run preview ---------------------------------------------------

IMPORT_HEADER = (
    "name,acronym,partner_type,level,headquarters_country,countries_of_operation,"
    "activities,operating_settings,website,public_email,ecosoc_status\n"
)
IMPORT_GOOD_ROW = (
    'Kenya Migrant Rights Forum,KMRF,cso,national,KE,"KE,UG",advocacy,development,'
    "https://kmrf.example.org,info@kmrf.example.org,none\n"
)
IMPORT_BAD_ROW = (
    "Diaspora Link Senegal,DLS,migrant_org,local,SN,SN,migrant_assistance,,"
    "https://dls.example.org,contact-at-dls.example.org,none\n"
)
IMPORT_CORRECTED_ROW = IMPORT_BAD_ROW.replace("contact-at-dls", "contact@dls")


def _upload_for_preview(page: Page, path) -> None:
    page.get_by_label("File to import").set_input_files(str(path))
    page.get_by_label("Format").select_option(label="csv")
    click_and_wait(page, page.get_by_role("button", name="Submit"))


def test_officer_imports_a_file_whose_bad_row_blocks_it_then_confirms_the_corrected_file(
    new_page, assert_accessible, tmp_path
):
    officer = _partnerships_officer("Amina Diallo")
    OrganizationFactory(name="Already Registered Association")
    registered_before = Organization.objects.count()
    page = new_page()
    sign_in(page, officer.email)
    _open_organizations_changelist(page)
    click_and_wait(page, page.get_by_role("link", name="Import"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Import")
    assert_accessible(page)

    # A file with one bad row: the preview names the row and its error, offers no
    # confirmation, and nothing is saved.
    bad_file = tmp_path / "partners-march.csv"
    bad_file.write_text(IMPORT_HEADER + IMPORT_GOOD_ROW + IMPORT_BAD_ROW, encoding="utf-8")
    _upload_for_preview(page, bad_file)
    expect(page.get_by_role("heading", name="Some rows failed to validate")).to_be_visible()
    invalid_rows = page.locator("table.import-preview tbody tr")
    expect(invalid_rows).to_have_count(1)
    expect(invalid_rows.first.locator("td").first).to_have_text("2")
    expect(invalid_rows.first).to_contain_text("public_email")
    expect(invalid_rows.first).to_contain_text("Enter a valid email address.")
    expect(invalid_rows.first).to_contain_text("Diaspora Link Senegal")
    expect(page.get_by_role("button", name="Confirm import")).to_have_count(0)
    assert_accessible(page)
    assert Organization.objects.count() == registered_before
    assert not Organization.objects.filter(name="Kenya Migrant Rights Forum").exists()

    # The corrected file: a preview of both rows, still nothing saved until confirmed.
    corrected_file = tmp_path / "partners-march-corrected.csv"
    corrected_file.write_text(
        IMPORT_HEADER + IMPORT_GOOD_ROW + IMPORT_CORRECTED_ROW, encoding="utf-8"
    )
    _upload_for_preview(page, corrected_file)
    expect(page.get_by_role("heading", name="Preview")).to_be_visible()
    preview_rows = page.locator("table.import-preview tr.new")
    expect(preview_rows).to_have_count(2)
    expect(preview_rows.nth(0)).to_contain_text("Kenya Migrant Rights Forum")
    expect(preview_rows.nth(0)).to_contain_text("east_horn_africa")  # derived in the preview
    expect(preview_rows.nth(1)).to_contain_text("contact@dls.example.org")
    assert_accessible(page)
    assert Organization.objects.count() == registered_before

    click_and_wait(page, page.get_by_role("button", name="Confirm import"))
    expect(page.locator(".messagelist")).to_contain_text("2 new")
    assert Organization.objects.count() == registered_before + 2
    forum = Organization.objects.get(name="Kenya Migrant Rights Forum")
    diaspora = Organization.objects.get(name="Diaspora Link Senegal")
    assert forum.verification_status == VerificationStatus.PENDING
    assert forum.regions == ["east_horn_africa"]
    assert forum.countries_of_operation == ["KE", "UG"]
    assert diaspora.public_email == "contact@dls.example.org"
    imported = forum.history.first()
    assert imported is not None
    assert imported.history_user == officer
    assert imported.history_change_reason == "Imported"

    # The officer finds them among the pending organizations.
    click_and_wait(page, page.get_by_role("link", name="Pending verification", exact=True))
    assert _changelist_names(page) == [
        "Already Registered Association",
        "Diaspora Link Senegal (DLS)",
        "Kenya Migrant Rights Forum (KMRF)",
    ]
    assert_accessible(page)


# --- 2. Export of a filtered changelist --------------------------------------------------


def _filter_by(page: Page, title: str, choice: str) -> None:
    """Clicks a choice under one of the changelist's filter headings."""
    section = page.locator("#changelist-filter details").filter(
        has=page.get_by_text(f"By {title}", exact=True)
    )
    click_and_wait(page, section.get_by_role("link", name=choice, exact=True))


def _export_as(page: Page, file_format: str, folder) -> Path:
    """Submits the export form in ``file_format``; returns the saved download."""
    page.get_by_label("Format").select_option(label=file_format)
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Submit").click()
    download = download_info.value
    saved = folder / download.suggested_filename
    download.save_as(saved)
    return saved


def test_officer_exports_exactly_the_filtered_organizations_as_csv_and_xlsx(
    new_page, assert_accessible, tmp_path
):
    officer = _partnerships_officer("Amina Diallo")
    # More verified media organizations than one changelist page holds (25), so an
    # export of "what is shown" instead of "what matches" would be caught.
    expected = sorted(
        VerifiedOrganizationFactory(
            name=f"Migration Media Collective {number:02d}",
            partner_type="media",
            headquarters_country="KE" if number % 2 else "MX",
        ).name
        for number in range(1, 28)
    )
    OrganizationFactory(name="Pending Media House", partner_type="media")
    VerifiedOrganizationFactory(name="Verified Research Institute", partner_type="academic")
    VerifiedOrganizationFactory(name="Verified Migrant Assistance NGO", partner_type="ngo")

    page = new_page()
    sign_in(page, officer.email)
    _open_organizations_changelist(page)
    _filter_by(page, "partner type", "Media organization")
    _filter_by(page, "verification status", "Verified")
    assert "partner_type__exact=media" in page.url
    assert "verification_status__exact=verified" in page.url
    shown = _changelist_names(page)
    assert len(shown) == 25  # the first page of the 27 matches
    assert set(shown) <= set(expected)
    assert_accessible(page)

    click_and_wait(page, page.get_by_role("link", name="Export"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Export")
    # The changelist's filters travel to the export form.
    assert "partner_type__exact=media" in page.url
    assert "verification_status__exact=verified" in page.url
    assert page.get_by_label("Format").locator("option").all_inner_texts() == [
        "---",
        "csv",
        "xlsx",
    ]
    assert_accessible(page)

    csv_file = _export_as(page, "csv", tmp_path)
    assert csv_file.suffix == ".csv"
    with open(csv_file, encoding="utf-8-sig", newline="") as exported:
        rows = list(csv.DictReader(exported))
    assert sorted(row["name"] for row in rows) == expected
    assert {row["partner_type"] for row in rows} == {"media"}
    assert {row["verification_status"] for row in rows} == {"verified"}

    # A download leaves the form open: export the same list again, as a workbook.
    xlsx_file = _export_as(page, "xlsx", tmp_path)
    assert xlsx_file.suffix == ".xlsx"
    workbook = openpyxl.load_workbook(xlsx_file)
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)
    header = [cell.value for cell in sheet[1]]
    names = sorted(
        str(row[header.index("name")]) for row in sheet.iter_rows(min_row=2, values_only=True)
    )
    assert names == expected


# --- 3. Rejection with a reason, correction and resubmission ------------------------------


def test_officer_rejects_with_a_reason_the_partner_corrects_and_resubmits_and_staff_verify(
    new_page, assert_accessible
):
    officer = _partnerships_officer("Amina Diallo")
    colleague = _partnerships_officer("Jonas Berg")
    superuser_outside_the_group = SuperUserFactory()
    organization = OrganizationFactory(
        name="Sahel Migrant Solidarity",
        headquarters_country="NE",
        legal_registration_number="0000",
    )
    partner = UserFactory(full_name="Fatou Ndiaye", email="fatou@sahel-solidarity.example.org")
    OrganizationMemberFactory(
        organization=organization, user=partner, role=MemberRole.ADMINISTRATOR
    )
    reason = (
        "The legal registration number 0000 is not valid. Give the number on your "
        "certificate of registration in Niger."
    )

    # --- Staff reject it, with the reason --------------------------------------------------
    staff_page = new_page()
    sign_in(staff_page, officer.email)
    _open_organizations_changelist(staff_page)
    click_and_wait(
        staff_page, staff_page.get_by_role("link", name="Pending verification", exact=True)
    )
    click_and_wait(staff_page, staff_page.get_by_role("link", name="Sahel Migrant Solidarity"))
    click_and_wait(staff_page, staff_page.get_by_role("link", name="Reject", exact=True))
    expect(staff_page.get_by_text("Current status: Pending verification.")).to_be_visible()
    assert_accessible(staff_page)
    # The reason is required: the browser will not send the form without one.
    reason_box = staff_page.get_by_label("Reason")
    staff_page.get_by_role("button", name="Reject").click()
    assert reason_box.evaluate("box => box.validity.valueMissing")
    assert "/transition/reject/" in staff_page.url
    organization.refresh_from_db()
    assert organization.verification_status == VerificationStatus.PENDING
    reason_box.fill(reason)
    click_and_wait(staff_page, staff_page.get_by_role("button", name="Reject"))
    expect(staff_page.locator(".messagelist")).to_contain_text(
        "Sahel Migrant Solidarity is now Rejected."
    )
    organization.refresh_from_db()
    assert organization.verification_status == VerificationStatus.REJECTED
    assert organization.status_reason == reason
    rejection_email = _latest_email(partner.email, "registration not accepted")
    assert reason in rejection_email.body_text

    # --- The partner reads the reason, corrects the profile and resubmits -------------------
    partner_page = new_page()
    sign_in(partner_page, partner.email)
    click_and_wait(
        partner_page,
        partner_page.get_by_role("navigation", name="Main").get_by_role(
            "link", name="My organization"
        ),
    )
    expect(
        partner_page.get_by_role("row", name=re.compile("Sahel Migrant Solidarity"))
    ).to_contain_text("Rejected")
    click_and_wait(partner_page, partner_page.get_by_role("link", name="Sahel Migrant Solidarity"))
    notice = partner_page.locator(".message-error")
    expect(notice).to_contain_text("Registration not accepted.")
    expect(notice).to_contain_text(f"Reason given by IOM staff: {reason}")
    assert_accessible(partner_page)

    click_and_wait(partner_page, partner_page.get_by_role("link", name="Correct the profile"))
    assert_accessible(partner_page)
    partner_page.get_by_label("Legal registration number").fill("RC/NIM/2016/A/1234")
    click_and_wait(partner_page, partner_page.get_by_role("button", name="Save changes"))
    expect(partner_page.get_by_text("Your changes are saved.")).to_be_visible()
    organization.refresh_from_db()
    assert organization.legal_registration_number == "RC/NIM/2016/A/1234"
    # Saving the correction does not send it back by itself: the partner resubmits.
    assert organization.verification_status == VerificationStatus.REJECTED
    assert not OutboxMessage.objects.filter(subject__contains="Registration resubmitted").exists()

    click_and_wait(
        partner_page, partner_page.get_by_role("button", name="Resubmit for verification")
    )
    expect(
        partner_page.get_by_text("Your registration was sent again to IOM staff.")
    ).to_be_visible()
    expect(partner_page.locator(".message-warning")).to_contain_text("Pending verification.")
    expect(partner_page.get_by_role("button", name="Resubmit for verification")).to_have_count(0)
    assert_accessible(partner_page)
    organization.refresh_from_db()
    assert organization.verification_status == VerificationStatus.PENDING

    # --- Every Partnerships officer, and only they, are told -------------------------------
    resubmitted = OutboxMessage.objects.filter(
        subject__endswith="Registration resubmitted: Sahel Migrant Solidarity"
    )
    assert sorted(address for message in resubmitted for address in message.to) == sorted(
        [officer.email, colleague.email]
    )
    assert not resubmitted.filter(to=[superuser_outside_the_group.email]).exists()
    email = resubmitted.get(to=[officer.email])
    assert "corrected its registration and sent it again" in email.body_text

    # --- Staff find it again and verify it --------------------------------------------------
    staff_page.goto("/en/admin/partners/organization/dashboard/")
    expect(staff_page.locator("#pending-verifications")).to_contain_text("Sahel Migrant Solidarity")
    assert_accessible(staff_page)
    staff_page.goto(_path_of_link(email, f"/admin/partners/organization/{organization.pk}/change/"))
    expect(staff_page.locator(".field-verification_summary")).to_contain_text(
        "Pending verification"
    )
    expect(staff_page.locator(".field-verification_summary")).to_contain_text(
        "Corrected by the partner"
    )
    expect(staff_page.get_by_label("Legal registration number")).to_have_value("RC/NIM/2016/A/1234")
    click_and_wait(staff_page, staff_page.get_by_role("link", name="Verify", exact=True))
    click_and_wait(staff_page, staff_page.get_by_role("button", name="Verify"))
    expect(staff_page.locator(".messagelist")).to_contain_text(
        "Sahel Migrant Solidarity is now Verified."
    )
    organization.refresh_from_db()
    assert organization.verification_status == VerificationStatus.VERIFIED

    # The history tells the whole round-trip: who rejected and why, who resubmitted, who verified.
    click_and_wait(staff_page, staff_page.get_by_role("link", name="History"))
    history = staff_page.locator("#change-history tbody tr")
    expect(history.filter(has_text="Reject: The legal registration number")).to_contain_text(
        "Amina Diallo"
    )
    expect(history.filter(has_text="Return to pending: Corrected by the partner")).to_contain_text(
        "Fatou Ndiaye"
    )
    expect(history.filter(has_text=re.compile(r"Verify\s*$"))).to_contain_text("Amina Diallo")
    assert_accessible(staff_page)

    partner_page.reload()
    expect(partner_page.locator(".message-success")).to_contain_text("Verified.")


# --- 4. Merge of duplicates ------------------------------------------------------------------


def test_officer_merges_a_flagged_duplicate_and_its_contacts_and_cooperation_move(
    new_page, assert_accessible
):
    officer = _partnerships_officer("Amina Diallo")
    kept = VerifiedOrganizationFactory(
        name="International Catholic Migration Commission",
        acronym="ICMC",
        headquarters_country="CH",
        level="global",
    )
    ContactFactory(organization=kept, name="Original Contact")
    partner = UserFactory(full_name="Pierre Martin", email="pierre@icmc-geneva.example.org")
    # Registered again, misspelt, through the registry's own service: the duplicate check
    # flags it against the existing record.
    misspelt = services.organization_create(
        actor=partner,
        name="Internationl Catholic Migration Comission",
        partner_type="ngo",
        level="global",
        headquarters_country="CH",
    )
    OrganizationMemberFactory(organization=misspelt, user=partner, role=MemberRole.ADMINISTRATOR)
    ContactFactory(organization=misspelt, name="Sofia Rinaldi", email="s.rinaldi@example.org")
    ContactFactory(organization=misspelt, name="Daniel Okafor", email="d.okafor@example.org")
    CooperationRecordFactory(organization=misspelt, title="Resettlement support in Türkiye")
    assert PossibleDuplicate.objects.filter(organization=misspelt, similar_to=kept).exists()

    page = new_page()
    sign_in(page, officer.email)
    page.goto("/en/admin/partners/organization/dashboard/")
    click_and_wait(
        page,
        page.get_by_role("link", name="1 organization pair flagged as possible duplicates"),
    )
    assert "duplicates=yes" in page.url
    flagged = page.locator("#result_list tbody tr")
    expect(flagged).to_have_count(1)
    expect(flagged.first).to_contain_text(
        "Internationl Catholic Migration Comission [possible duplicate]"
    )
    assert_accessible(page)

    click_and_wait(
        page, page.get_by_role("link", name=re.compile("Internationl Catholic Migration Comission"))
    )
    duplicates = page.locator(".field-possible_duplicates_display")
    expect(duplicates).to_contain_text("International Catholic Migration Commission (ICMC)")
    expect(duplicates).to_contain_text("Similar name")
    assert_accessible(page)
    click_and_wait(page, duplicates.get_by_role("link", name="Merge…"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Merge two organizations")
    expect(page.get_by_role("table")).to_contain_text("Internationl Catholic Migration Comission")
    expect(page.get_by_role("table")).to_contain_text("International Catholic Migration Commission")
    assert_accessible(page)

    page.get_by_label("International Catholic Migration Commission (ICMC)").check()
    click_and_wait(page, page.get_by_role("button", name="Merge"))
    expect(page.locator(".messagelist")).to_contain_text(
        "Internationl Catholic Migration Comission was merged into "
        "International Catholic Migration Commission (ICMC)."
    )
    assert f"/{kept.pk}/change/" in page.url

    # One organization remains, holding the other's contacts, cooperation and team.
    assert not Organization.objects.filter(pk=misspelt.pk).exists()
    assert list(
        Organization.objects.filter(name__icontains="Catholic Migration").values_list(
            "pk", flat=True
        )
    ) == [kept.pk]
    assert sorted(Contact.objects.filter(organization=kept).values_list("name", flat=True)) == [
        "Daniel Okafor",
        "Original Contact",
        "Sofia Rinaldi",
    ]
    assert list(
        CooperationRecord.objects.filter(organization=kept).values_list("title", flat=True)
    ) == ["Resettlement support in Türkiye"]
    assert OrganizationMember.objects.get(user=partner).organization_id == kept.pk
    assert not PossibleDuplicate.objects.exists()
    # The kept record shows them on its change page.
    expect(page.locator("#contacts-group")).to_contain_text("Sofia Rinaldi")
    expect(page.locator("#contacts-group")).to_contain_text("Daniel Okafor")
    expect(page.locator("#cooperation_records-group")).to_contain_text(
        "Resettlement support in Türkiye"
    )
    expect(page.locator(".field-possible_duplicates_display")).to_contain_text("None flagged.")
    assert_accessible(page)

    # The history shows who merged, and what.
    click_and_wait(page, page.get_by_role("link", name="History"))
    merge_row = page.locator("#change-history tbody tr").filter(
        has_text=f"Merged with Internationl Catholic Migration Comission (#{misspelt.pk})"
    )
    expect(merge_row).to_have_count(1)
    expect(merge_row).to_contain_text("Amina Diallo")
    assert_accessible(page)

    # The flagged list is empty now.
    page.goto(f"{ADMIN}?duplicates=yes")
    expect(page.locator("#result_list tbody tr")).to_have_count(0)

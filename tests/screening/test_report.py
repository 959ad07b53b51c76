import csv
import io

import openpyxl
import pytest
from django.contrib.auth.models import Group

from iomcso.core.roles import DUE_DILIGENCE_OFFICER, OBSERVER_REVIEWER
from observers import services as observer_services
from observers.models import EligibilityReport, ReportKind
from partners.screening import services
from partners.screening.models import PossibleMatch
from tests.factories import StaffUserFactory
from tests.partners.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def _officer(role: str):
    user = StaffUserFactory()
    user.groups.add(Group.objects.get(name=role))
    return user


def test_the_screening_report_lists_matches_of_a_version_with_their_outcome(list_version):
    for name in ("Al Rasheed Trust", "=Green Valley Trading Ltd"):
        services.organization_screen(organization_id=OrganizationFactory(name=name).pk)
    officer = _officer(DUE_DILIGENCE_OFFICER)
    services.possible_match_dismiss(
        actor=officer,
        possible_match=PossibleMatch.objects.get(entry__reference_number="KPe.907"),
        reason="Different company.",
    )
    report = observer_services.report_request(
        kind=ReportKind.SANCTIONS_SCREENING,
        filters={"version_id": list_version.pk, "status": ""},
        actor=officer,
    )

    assert observer_services.report_build(report_id=report.pk)

    report = EligibilityReport.objects.get(pk=report.pk)
    rows = list(csv.reader(io.StringIO(report.csv_file.read().decode("utf-8-sig"))))
    assert rows[0][:3] == ["List version", "Organization", "Name screened"]
    by_reference = {row[4]: row for row in rows[1:]}
    assert set(by_reference) == {"QDe.905", "KPe.907"}
    assert by_reference["QDe.905"][9] == "To review"
    assert by_reference["KPe.907"][9] == "False positive"
    assert by_reference["KPe.907"][1].startswith("'=")  # never a formula
    sheet = openpyxl.load_workbook(report.xlsx_file.open("rb")).worksheets[0]
    assert sheet.max_row == 3


def test_only_staff_who_may_see_screening_can_ask_for_or_download_the_report(client, list_version):
    reviewer = _officer(OBSERVER_REVIEWER)
    client.force_login(reviewer)
    form = client.get("/en/admin/observers/eligibilityreport/request/").content.decode()
    assert "sanctions_screening" not in form

    report = observer_services.report_request(
        kind=ReportKind.SANCTIONS_SCREENING, filters={}, actor=_officer(DUE_DILIGENCE_OFFICER)
    )
    observer_services.report_build(report_id=report.pk)
    assert client.get(f"/en/observers/staff/reports/{report.pk}/csv/").status_code == 404

    client.force_login(_officer(DUE_DILIGENCE_OFFICER))
    assert (
        "sanctions_screening"
        in client.get("/en/admin/observers/eligibilityreport/request/").content.decode()
    )
    assert client.get(f"/en/observers/staff/reports/{report.pk}/csv/").status_code == 200

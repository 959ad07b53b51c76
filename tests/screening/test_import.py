import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django_celery_beat.models import PeriodicTask

from partners.screening import services, tasks
from partners.screening.consolidated_list import ListFileError
from partners.screening.models import ListEntry, ListEntryChange, ListVersion, PossibleMatch
from tests.partners.factories import OrganizationFactory

from .conftest import FIXTURE, fixture_bytes, without_entry

pytestmark = pytest.mark.django_db


def test_an_import_records_a_dated_version_with_every_entry_added(list_version):
    assert list_version.entries == 5
    assert (list_version.added, list_version.changed, list_version.removed) == (5, 0, 0)
    assert list_version.generated_at is not None
    entity = ListEntry.objects.get(reference_number="QDe.905")
    assert entity.kind == "entity"
    assert entity.original_script_name == "مؤسسة الرشيد"
    assert str(entity.listed_on) == "2001-10-06"
    assert {"name": "الرشيد الخيرية", "quality": "Good"} in entity.aliases
    assert entity.addresses[0] == "Kitab Ghar, Nazimabad 4, Karachi, Pakistan"
    individual = ListEntry.objects.get(reference_number="QDi.901")
    assert individual.name == "MUHAMMAD YUSUF AL-FARSI"
    assert individual.nationalities == ["Testland"]


def test_importing_the_same_file_again_adds_no_version(list_version):
    again = services.list_import(content=fixture_bytes(), source="again")

    assert again == list_version
    assert ListVersion.objects.count() == 1


def test_a_later_import_records_added_changed_and_removed_entries(list_version):
    content = without_entry(fixture_bytes(), "KPe.907").replace(
        b"Test fixture entity.</COMMENTS1>", b"Test fixture entity, amended.</COMMENTS1>", 1
    )

    version = services.list_import(content=content, source="v2")

    changes = {
        (change.entry.reference_number, change.change)
        for change in ListEntryChange.objects.filter(version=version).select_related("entry")
    }
    assert changes == {("KPe.907", "removed"), ("QDe.906", "changed")}
    assert (version.added, version.changed, version.removed) == (0, 1, 1)
    removed = ListEntry.objects.get(reference_number="KPe.907")
    assert removed.removed_in == version
    assert not removed.names.exists()


def test_an_import_that_removes_an_entry_closes_its_open_possible_matches(list_version):
    organization = OrganizationFactory(name="Green Valley Trading Co")
    services.organization_screen(organization_id=organization.pk)
    match = PossibleMatch.objects.get(organization=organization)
    assert match.entry.reference_number == "KPe.907"

    services.list_import(content=without_entry(fixture_bytes(), "KPe.907"), source="v2")

    match.refresh_from_db()
    assert match.status == PossibleMatch.Status.CLOSED
    services.organization_screen(organization_id=organization.pk)
    assert PossibleMatch.objects.filter(status=PossibleMatch.Status.OPEN).count() == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<CONSOLIDATED_LIST><INDIVIDUALS>", "well-formed"),
        (b"<html><body>Maintenance</body></html>", "not a UN Security Council"),
        (b"<CONSOLIDATED_LIST><ENTITIES/></CONSOLIDATED_LIST>", "no INDIVIDUALS"),
        (
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><CONSOLIDATED_LIST/>',
            "well-formed",
        ),
    ],
)
def test_a_malformed_file_is_refused_and_nothing_is_imported(content, message):
    with pytest.raises(ListFileError, match=message):
        services.list_import(content=content, source="bad")

    assert not ListVersion.objects.exists()
    assert not ListEntry.objects.exists()


def test_a_suspiciously_small_list_is_refused(list_version, settings):
    settings.SCREENING_MIN_ENTRIES = 5
    truncated = without_entry(fixture_bytes(), "QDe.906")

    with pytest.raises(ListFileError, match="looks truncated"):
        services.list_import(content=truncated, source="small")

    assert ListVersion.objects.count() == 1
    assert ListEntry.objects.get(reference_number="QDe.906").removed_in is None


def test_an_entry_without_a_reference_number_refuses_the_whole_file(list_version):
    broken = fixture_bytes().replace(b"<REFERENCE_NUMBER>QDe.906</REFERENCE_NUMBER>", b"")

    with pytest.raises(ListFileError, match="no reference number"):
        services.list_import(content=broken, source="broken")

    assert ListVersion.objects.count() == 1


def test_the_command_imports_a_file(db, capsys):
    call_command("import_sanctions_list", file=str(FIXTURE))

    assert "5 entries, 5 added" in capsys.readouterr().out
    assert ListEntry.objects.count() == 5


def test_the_command_reports_a_refused_file_in_one_sentence(db, tmp_path):
    bad = tmp_path / "list.xml"
    bad.write_bytes(b"not xml")

    with pytest.raises(CommandError, match="well-formed"):
        call_command("import_sanctions_list", file=str(bad))


def test_the_daily_import_is_scheduled_in_the_database(db):
    task = PeriodicTask.objects.get(task="partners.screening.tasks.import_consolidated_list_task")
    assert task.crontab is not None
    assert task.enabled


def test_the_import_task_downloads_the_configured_address_and_running_it_twice_imports_once(
    db, settings, monkeypatch
):
    settings.SCREENING_LIST_URL = "https://lists.example.org/consolidated.xml"
    fetched = []

    def fake_download(url, *, timeout):
        fetched.append(url)
        return fixture_bytes()

    monkeypatch.setattr(services.consolidated_list, "download", fake_download)

    first = tasks.import_consolidated_list_task()
    second = tasks.import_consolidated_list_task()

    assert first == second
    assert fetched == [settings.SCREENING_LIST_URL] * 2
    assert ListVersion.objects.count() == 1


def test_the_version_task_screens_the_registry_against_what_the_import_added(db):
    organization = OrganizationFactory(name="Al Rasheed Trust")
    version = services.list_import(content=fixture_bytes(), source="v1")

    assert tasks.screen_list_version_task(version_id=version.pk) == 1
    assert tasks.screen_list_version_task(version_id=version.pk) == 1
    assert PossibleMatch.objects.get().organization == organization

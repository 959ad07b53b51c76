"""Staff review identity changes in words, and the acronym waits for review with the name."""

from django.urls import reverse

from partners.choices import PartnerType
from tests.portal.test_profile import _form_data


def test_staff_review_shows_a_partner_type_change_as_labels_not_codes(client, team, staff_user):
    organization = team.organization
    organization.partner_type = PartnerType.NGO
    organization.headquarters_country = "CO"
    organization.save()
    client.force_login(team.editor)
    client.post(
        reverse("portal:organization_edit", kwargs={"organization_id": organization.pk}),
        _form_data(organization, partner_type=PartnerType.CSO, headquarters_country="KE"),
    )
    organization.refresh_from_db()
    assert organization.pending_identity_changes["partner_type"] == "cso"

    client.force_login(staff_user)
    page = client.get(reverse("portal:staff_identity_changes")).content.decode()
    assert str(PartnerType.NGO.label) in page
    assert str(PartnerType.CSO.label) in page
    assert ">cso<" not in page
    assert ">ngo<" not in page
    assert "Colombia" in page
    assert "Kenya" in page


def test_a_new_acronym_waits_for_review_with_the_name(client, team):
    organization = team.organization
    old_acronym = organization.acronym
    client.force_login(team.editor)
    client.post(
        reverse("portal:organization_edit", kwargs={"organization_id": organization.pk}),
        _form_data(organization, name="Renamed Alliance", acronym="RNA"),
    )
    organization.refresh_from_db()
    assert organization.acronym == old_acronym
    assert organization.pending_identity_changes == {"name": "Renamed Alliance", "acronym": "RNA"}
    public = client.get(organization.get_absolute_url()).content.decode()
    assert "RNA" not in public

"""The staff pages most used each day pass axe-core with no serious or critical violation."""

import pytest

from tests.factories import SuperUserFactory
from tests.partners.factories import ContactFactory, OrganizationFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_registry_admin_pages_are_accessible(page, staff_login, assert_accessible):
    organization = OrganizationFactory(name="Migrant Voices Network")
    ContactFactory(organization=organization)
    staff_login(SuperUserFactory())

    for path in [
        "/en/admin/",
        "/en/admin/partners/organization/",
        f"/en/admin/partners/organization/{organization.pk}/change/",
        "/en/admin/partners/organization/add/",
        f"/en/admin/partners/organization/{organization.pk}/history/",
    ]:
        page.goto(path)
        assert page.locator("h1").first.is_visible(), path
        assert_accessible(page)


def test_consultation_and_observer_admin_pages_are_accessible(page, staff_login, assert_accessible):
    from tests.consultations.factories import ConsultationFactory, RegistrationFactory
    from tests.observers.factories import CouncilSessionFactory

    consultation = ConsultationFactory()
    RegistrationFactory(consultation=consultation)
    council_session = CouncilSessionFactory()
    staff_login(SuperUserFactory())

    for path in [
        "/en/admin/consultations/consultation/",
        f"/en/admin/consultations/consultation/{consultation.pk}/change/",
        "/en/admin/consultations/registration/",
        "/en/admin/observers/observerapplication/",
        "/en/admin/observers/councilsession/",
        f"/en/admin/observers/councilsession/{council_session.pk}/change/",
        "/en/admin/observers/eligibilityreport/",
        "/en/admin/observers/eligibilityreport/add/",
        "/en/admin/core/outboxmessage/",
        "/en/admin/accounts/user/",
    ]:
        response = page.goto(path)
        assert response.status == 200, path
        assert_accessible(page)

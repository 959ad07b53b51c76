import pytest
from django.utils import translation

from tests.observers.factories import CouncilSessionFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "114th Session of the Council"),
        ("fr", "114e session du Conseil"),
        ("es", "114.º período de sesiones del Consejo"),
        ("ar", "الدورة 114 للمجلس"),
        ("zh-hans", "理事会第114届会议"),
        ("ru", "114-я сессия Совета"),
    ],
)
def test_a_council_session_is_named_with_the_ordinal_of_each_language(language, expected):
    session = CouncilSessionFactory(number=114)
    with translation.override(language):
        assert str(session) == expected

"""The six languages of the United Nations: Arabic right to left, each language named in
itself, plural forms as each language counts, the user's choice remembered for their emails."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.template import Context, Template
from django.utils import formats, timezone, translation

from iomcso.core.emails import normalise_language, render_email
from iomcso.core.models import OutboxMessage
from tests.factories import UserFactory
from tests.partners.factories import VerifiedOrganizationFactory

SIX_LANGUAGES = {
    "en": "English",
    "fr": "Français",
    "es": "Español",
    "ar": "العربيّة",
    "zh-hans": "简体中文",
    "ru": "Русский",
}


def html_tag(response) -> str:
    match = re.search(r"<html[^>]*>", response.content.decode())
    assert match, "no <html> tag"
    return match.group(0)


@pytest.mark.parametrize(
    ("language", "direction"),
    [("en", "ltr"), ("fr", "ltr"), ("es", "ltr"), ("ar", "rtl"), ("zh-hans", "ltr"), ("ru", "ltr")],
)
def test_each_page_names_its_language_and_writing_direction(client, db, language, direction):
    for path in ["/", "/partners/", "/consultations/", "/observers/"]:
        response = client.get(f"/{language}{path}")
        assert response.status_code == 200
        assert html_tag(response) == f'<html lang="{language}" dir="{direction}">', path


def test_arabic_pages_load_the_right_to_left_rules(client, db):
    body = client.get("/ar/").content.decode()
    assert 'href="/static/site/rtl.css"' in body


def test_language_switcher_lists_the_six_languages_each_by_its_own_name(client, db):
    body = client.get("/ar/").content.decode()
    options = re.findall(r'<option value="([^"]+)" lang="[^"]+"[^>]*>([^<]+)</option>', body)
    assert dict(options) == SIX_LANGUAGES


def test_arabic_counts_with_six_plural_forms_and_russian_with_three(db):
    singular, plural = "%(count)d registration updated.", "%(count)d registrations updated."

    def counted(language, numbers):
        with translation.override(language):
            return [translation.ngettext(singular, plural, n) % {"count": n} for n in numbers]

    # Zero, one, two, a few (3–10), many (11–99) and a hundred or more.
    assert counted("ar", [0, 1, 2, 3, 11, 100]) == [
        "لم يُحدَّث أي تسجيل (0).",
        "حُدِّث تسجيل واحد (1).",
        "حُدِّث تسجيلان (2).",
        "حُدِّثت 3 تسجيلات.",
        "حُدِّث 11 تسجيلًا.",
        "حُدِّث 100 تسجيل.",
    ]
    assert counted("ru", [1, 2, 5, 21]) == [
        "Обновлена 1 регистрация.",
        "Обновлены 2 регистрации.",
        "Обновлено 5 регистраций.",
        "Обновлена 21 регистрация.",
    ]
    assert counted("zh-hans", [1, 2]) == ["已更新 1 项注册。", "已更新 2 项注册。"]


def test_a_council_session_in_arabic_keeps_the_number_inside_the_sentence(db):
    with translation.override("ar"):
        assert (
            translation.gettext("%(ordinal)s Session of the Council") == "الدورة %(ordinal)s للمجلس"
        )


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("zh", "zh-hans"),
        ("zh-Hans", "zh-hans"),
        ("zh_Hans", "zh-hans"),
        ("ar-EG", "ar"),
        ("ru", "ru"),
        ("de", "en"),
        (None, "en"),
    ],
)
def test_a_language_code_is_read_as_one_of_the_sites(given, expected):
    assert normalise_language(given) == expected


@pytest.mark.parametrize("language", ["ar", "zh-hans", "ru"])
def test_signing_up_in_a_language_sends_the_verification_in_it_and_remembers_it(
    client, db, language
):
    response = client.post(
        f"/{language}/accounts/signup/",
        {
            "full_name": "Amina Diallo",
            "email": "new@example.org",
            "password1": "a long and unusual passphrase 42",
            "password2": "a long and unusual passphrase 42",
            "accept_privacy_notice": "on",
        },
    )

    assert response.status_code == 302
    assert get_user_model().objects.get(email="new@example.org").language == language
    message = OutboxMessage.objects.get(to=["new@example.org"])
    assert message.language == language
    assert f'<html lang="{language}"' in message.body_html


def test_the_switcher_remembers_a_signed_in_users_choice_for_their_emails(client, db):
    user = UserFactory(language="en")
    client.force_login(user)

    response = client.post("/i18n/setlang/", {"language": "ar", "next": "/en/"})

    assert response.status_code == 302
    assert response["Location"] == "/ar/"
    user.refresh_from_db()
    assert user.language == "ar"


def test_the_switcher_still_works_for_a_visitor_and_ignores_unknown_languages(client, db):
    assert client.post("/i18n/setlang/", {"language": "ru", "next": "/en/"})["Location"] == "/ru/"
    user = UserFactory(language="fr")
    client.force_login(user)
    client.post("/i18n/setlang/", {"language": "xx", "next": "/en/"})
    user.refresh_from_db()
    assert user.language == "fr"


def test_an_arabic_email_is_written_right_to_left():
    email = render_email(
        template="partners/organization_status",
        context={
            "organization_name": "Migrants Europe",
            "status": "verified",
            "recipient_name": "Amina",
        },
        language="ar",
    )
    assert '<html lang="ar" dir="rtl">' in email.body_html


def test_an_organization_name_keeps_its_own_direction_inside_an_arabic_page(client, db):
    organization = VerifiedOrganizationFactory(name="Migrants (Europe) e.V.", acronym="MEV")

    body = client.get(f"/ar{organization.get_absolute_url().removeprefix('/en')}").content.decode()

    assert "<h1><bdi>Migrants (Europe) e.V.</bdi>" in body
    assert "(<bdi>MEV</bdi>)" in body


def test_the_bdi_filter_escapes_and_isolates_user_text():
    template = Template(
        "{% load bidi i18n %}{% blocktranslate with name=value|bdi %}Team of {{ name }}{% endblocktranslate %}"
    )
    assert (
        template.render(Context({"value": "<b>A&B</b>"}))
        == "Team of <bdi>&lt;b&gt;A&amp;B&lt;/b&gt;</bdi>"
    )
    assert Template("{% load bidi %}{{ value|bdi }}").render(Context({"value": ""})) == ""


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Dec. 26, 2030, 9:05 a.m."),
        ("fr", "26 décembre 2030 09:05"),
        ("ar", "26 ديسمبر 2030، 9:05 ص"),
        ("zh-hans", "2030年12月26日 09:05"),
        ("ru", "26 декабря 2030 г. 9:05"),
    ],
)
def test_a_date_and_time_is_written_as_each_language_writes_it(language, expected):
    moment = datetime.datetime(2030, 12, 26, 9, 5, tzinfo=datetime.UTC)
    with translation.override(language), timezone.override(datetime.UTC):
        assert formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT") == expected

"""The catalogues (French, Spanish, Arabic, Chinese, Russian) are complete, well formed and used
by the pages.

The catalogues are checked against themselves (no untranslated or fuzzy entry, placeholders
kept), not against freshly extracted strings: a string added to the code since the last
`makemessages` shows in English until the translators' next round, and fails nothing here.
"""

import ast
import gettext
import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
# Locale directory names; the URL prefix is translation.to_language(name) ("zh_Hans" → "zh-hans").
LANGUAGES = ["fr", "es", "ar", "zh_Hans", "ru"]
PLACEHOLDER = re.compile(r"%\([A-Za-z_]\w*\)[sdif]|%[sdif]|%%|\{[^{}]*\}")


def catalogue_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "django.po"


def parse_po(path: Path) -> list[dict]:
    """A small .po reader: msgctxt, msgid, msgid_plural, msgstr / msgstr[n] and the flags."""
    entries: list[dict] = []
    entry: dict = {"flags": set(), "msgstr": {}}
    field = None

    def finish():
        nonlocal entry
        if "msgid" in entry:
            entries.append(entry)
        entry = {"flags": set(), "msgstr": {}}

    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = line.strip()
        if not line:
            finish()
            field = None
        elif line.startswith("#~"):
            continue  # obsolete entries are not compiled
        elif line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        else:
            match = re.match(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")$', line)
            if match:
                keyword, index, text = match.groups()
                if keyword == "msgid" and "msgid" in entry:
                    finish()
                value = ast.literal_eval(text)
                if keyword.startswith("msgstr"):
                    field = ("msgstr", int(index) if index is not None else None)
                    entry["msgstr"][field[1]] = value
                else:
                    field = (keyword, None)
                    entry[keyword] = value
            elif line.startswith('"') and field is not None:
                value = ast.literal_eval(line)
                if field[0] == "msgstr":
                    entry["msgstr"][field[1]] += value
                else:
                    entry[field[0]] += value
            else:
                raise AssertionError(f"{path}: unreadable line {line!r}")
    return entries


def messages(language: str) -> list[dict]:
    return [entry for entry in parse_po(catalogue_path(language)) if entry["msgid"]]


def header(language: str) -> dict:
    head = next(e for e in parse_po(catalogue_path(language)) if e["msgid"] == "")
    return head


def nplurals(language: str) -> int:
    match = re.search(r"nplurals\s*=\s*(\d+)", header(language)["msgstr"][None])
    assert match, f"{language}: no Plural-Forms header"
    return int(match.group(1))


def single_number_forms(language: str) -> set[int]:
    """The plural forms used for one number only (Arabic's 0, 1 and 2; French's none):
    they may spell the number out ("شخص واحد") instead of showing it."""
    match = re.search(r"plural\s*=\s*([^;]+);", header(language)["msgstr"][None])
    assert match, f"{language}: no plural expression"
    plural = gettext.c2py(match.group(1))
    numbers: dict[int, list[int]] = {}
    for n in range(1000):
        numbers.setdefault(plural(n), []).append(n)
    return {index for index, values in numbers.items() if len(values) == 1}


def label(entry: dict) -> str:
    return repr(entry["msgid"][:80])


# --- The catalogues on their own ---------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_exists_and_is_not_empty(language):
    assert catalogue_path(language).exists(), f"run makemessages -l {language}"
    assert len(messages(language)) > 100


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_header_is_usable(language):
    head = header(language)
    assert "fuzzy" not in head["flags"], "a fuzzy header is skipped by msgfmt"
    assert f"Language: {language}\n" in head["msgstr"][None]
    assert "charset=UTF-8" in head["msgstr"][None]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_entry_is_translated(language):
    untranslated = [
        label(entry) for entry in messages(language) if not all(entry["msgstr"].values())
    ]
    assert not untranslated, f"{len(untranslated)} untranslated: {untranslated[:10]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_entry_is_fuzzy(language):
    fuzzy = [label(entry) for entry in messages(language) if "fuzzy" in entry["flags"]]
    assert not fuzzy, f"{len(fuzzy)} fuzzy entries are not compiled: {fuzzy[:10]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_plural_entries_have_every_form(language):
    expected = set(range(nplurals(language)))
    incomplete = [
        label(entry)
        for entry in messages(language)
        if "msgid_plural" in entry and set(entry["msgstr"]) != expected
    ]
    assert not incomplete, incomplete


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_placeholders_and_edges(language):
    problems = []
    spelled_out = single_number_forms(language) | {0}
    for entry in messages(language):
        for index, text in entry["msgstr"].items():
            # Every plural form is compared with the plural msgid: Arabic's form for zero
            # shows the number although the English singular does not.
            source = entry["msgid_plural"] if "msgid_plural" in entry else entry["msgid"]
            wanted = sorted(PLACEHOLDER.findall(source))
            got = sorted(PLACEHOLDER.findall(text))
            # A singular form (or Arabic's dual) may spell out "one" instead of the number.
            if got != wanted and not (index in spelled_out and set(got) <= set(wanted)):
                problems.append(f"{label(entry)}[{index}]: {wanted} != {got}")
            for edge in (0, -1):
                if (source[edge:][:1] == "\n") != (text[edge:][:1] == "\n"):
                    problems.append(f"{label(entry)}[{index}]: leading/trailing newline")
    assert not problems, problems


@pytest.mark.parametrize("language", LANGUAGES)
def test_msgfmt_accepts_the_catalogue(language, tmp_path):
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("GNU gettext (msgfmt) is not installed")
    result = subprocess.run(  # noqa: S603 - fixed command on our own file
        [msgfmt, "--check", "-o", str(tmp_path / "django.mo"), str(catalogue_path(language))],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


# --- The pages use them ------------------------------------------------------------------


@pytest.fixture(scope="module")
def compiled_catalogues():
    """Compiles the catalogues when the .mo files are missing or older than the .po files
    (``make test`` compiles them already), then reloads the translations."""
    if shutil.which("msgfmt") is None:
        pytest.skip("GNU gettext (msgfmt) is not installed")
    stale = [
        language
        for language in LANGUAGES
        if not catalogue_path(language).with_suffix(".mo").exists()
        or catalogue_path(language).with_suffix(".mo").stat().st_mtime
        < catalogue_path(language).stat().st_mtime
    ]
    if stale:
        call_command("compilemessages", locale=stale, ignore_patterns=[".venv"], verbosity=0)
        from django.utils.translation import trans_real

        # Empty gettext's private caches (not in the stubs) so the new catalogues load.
        trans_real._translations = {}  # type: ignore[attr-defined]
        trans_real._default = None  # type: ignore[attr-defined]
        trans_real._active = trans_real.Local()  # type: ignore[attr-defined]
    yield
    translation.activate(settings.LANGUAGE_CODE)


def text_nodes(response) -> set[str]:
    body = response.content.decode()
    body = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", body)
    texts = re.sub(r"<[^>]+>", "\n", body).split("\n")
    return {" ".join(html.unescape(text).split()) for text in texts if text.strip()}


HOME_TEXT = {
    "fr": ["Portail de partenariat OIM–OSC", "Répertoire des partenaires", "Consultations"],
    "es": ["Portal de Asociación OIM–OSC", "Directorio de asociados", "Consultas"],
    "ar": ["بوابة الشراكة بين المنظمة الدولية للهجرة ومنظمات المجتمع المدني", "دليل الشركاء"],
    "zh_Hans": ["国际移民组织与民间社会组织伙伴关系门户", "伙伴名录", "磋商"],
    "ru": ["Портал партнерства МОМ и организаций гражданского общества", "Справочник партнеров"],
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_home_page_is_in_the_language(client, db, compiled_catalogues, language):
    response = client.get(f"/{translation.to_language(language)}/")

    assert response.status_code == 200
    body = response.content.decode()
    assert f'<html lang="{translation.to_language(language)}"' in body
    for text in HOME_TEXT[language]:
        assert text in body
    assert "IOM–CSO Partnership Portal" not in body


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("path", ["/", "/partners/", "/consultations/", "/observers/"])
def test_public_pages_show_no_catalogued_english(client, db, compiled_catalogues, language, path):
    """Every text of the English page that the catalogue translates is translated."""
    translations = {
        entry["msgid"]: entry["msgstr"][None]
        for entry in messages(language)
        if "msgid_plural" not in entry and "msgctxt" not in entry
    }
    english = text_nodes(client.get(f"/en{path}"))
    localized_response = client.get(f"/{translation.to_language(language)}{path}")
    assert localized_response.status_code == 200
    localized = text_nodes(localized_response)

    # The language switcher names each language in itself ("English", "Français").
    endonyms = {translation.get_language_info(code)["name_local"] for code, _ in settings.LANGUAGES}
    catalogued = {
        text for text in english - endonyms if text in translations and translations[text] != text
    }
    assert catalogued, "the English page shows no catalogued text"
    left_in_english = sorted(catalogued & localized)
    assert not left_in_english, left_in_english
    missing = sorted(
        text for text in catalogued if " ".join(translations[text].split()) not in localized
    )
    assert not missing, missing

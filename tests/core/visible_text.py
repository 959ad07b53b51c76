"""The visible text of a page or an email, and the English left in its translation.

Shared by the tests that compare a page (or an email) rendered in English with the same
page in French or Spanish: a segment of ``MINIMUM_WORDS`` or more words that reads the same
in both is English left on the translated page.
"""

import html
import re
from collections.abc import Iterable

MINIMUM_WORDS = 3

# Names that read the same in every language; they do not count as words of a sentence.
PROPER_NOUNS = {"IOM", "CSO", "OIM", "OSC", "ECOSOC", "UN", "PDF", "CSV", "XLSX", "TOTP"}

# Elements that do not break a sentence: their text joins the text around them.
INLINE_TAGS = "a|abbr|b|bdi|cite|code|data|em|i|kbd|mark|q|s|small|span|strong|sub|sup|time|u|var"
VISIBLE_ATTRIBUTES = re.compile(r'\s(?:placeholder|aria-label|title|alt)="([^"]*)"')
WORD = re.compile(r"[^\W\d_]{2,}")
# Tokens that are not words of a language: paths, time zones (Africa/Dar_es_Salaam),
# addresses, query strings.
IDENTIFIER = re.compile(r"[/@=]")


def html_segments(content: str) -> set[str]:
    """The visible text of an HTML page, as whitespace-normalised segments.

    Tags, scripts, styles and comments are dropped; the text of placeholder, aria-label,
    title and alt attributes is kept. Segments are taken at two grains: whole sentences
    (inline elements such as links and emphasis joined with the words around them) and
    single text nodes, so that an English link inside a translated sentence is found as well
    as an English sentence around a link.
    """
    content = re.sub(r"(?s)<!--.*?-->", " ", content)
    content = re.sub(r"(?is)<(script|style|template)\b.*?</\1>", " ", content)
    attributes = [html.unescape(value) for value in VISIBLE_ATTRIBUTES.findall(content)]
    sentences = re.sub(rf"(?i)</?(?:{INLINE_TAGS})\b[^>]*>", " ", content)
    sentences = re.sub(r"<[^>]*>", "\n", sentences)
    nodes = re.sub(r"<[^>]*>", "\n", content)
    texts = [*sentences.split("\n"), *nodes.split("\n"), *attributes]
    return {" ".join(html.unescape(text).split()) for text in texts if text.strip()}


def text_segments(content: str) -> set[str]:
    """The lines of a plain-text email, whitespace-normalised."""
    return {" ".join(line.split()) for line in content.splitlines() if line.strip()}


def without_user_data(segments: Iterable[str], user_data: Iterable[str]) -> set[str]:
    """The segments with every piece of user data cut out (each cut splits the segment)."""
    texts = sorted({text for text in user_data if text}, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(text) for text in texts)) if texts else None
    pieces: set[str] = set()
    for segment in segments:
        for piece in pattern.split(segment) if pattern else [segment]:
            piece = piece.strip(" ,;:·–-()[]")
            if piece:
                pieces.add(piece)
    return pieces


def word_count(segment: str) -> int:
    """Words of a language in the segment: not proper nouns, numbers or identifiers."""
    return sum(
        1
        for token in segment.split()
        if not IDENTIFIER.search(token)
        for word in WORD.findall(token)
        if word not in PROPER_NOUNS
    )


def left_in_english(
    english: set[str], localized: set[str], allowed: Iterable[str] = ()
) -> set[str]:
    """The sentences of the English text that the translated text shows unchanged."""
    return {
        segment
        for segment in english & localized
        if word_count(segment) >= MINIMUM_WORDS and segment not in set(allowed)
    }

"""Name normalisation for sanctions screening.

Two forms of every name are stored and compared with PostgreSQL trigrams:

- ``normalised``: transliterated to Latin letters (unidecode), lower case, punctuation
  dropped, legal forms and filler words removed, tokens sorted, so that
  "AL RASHEED TRUST", "Al-Rashid Trust" and "Trust, Rashid (Al)" come close;
- ``skeleton``: each token reduced to its first letter and its consonants, repeated letters
  collapsed ("rasheed" and "rashid" both give "rshd", "muhammad" and "mohammed" "mhmd"):
  transliterations of the same Arabic, Cyrillic or Persian name differ mostly in vowels.
"""

import re

from unidecode import unidecode

_NON_ALPHANUMERIC = re.compile(r"[^a-z0-9]+")
_VOWELS = re.compile(r"[aeiouyw]")
_REPEATS = re.compile(r"(.)\1+")

# Legal forms and generic words of organization names: they say nothing about identity,
# and leaving them in would make every "X Foundation" look like every "Y Foundation".
LEGAL_AND_FILLER_WORDS = frozenset(
    {
        # legal forms
        "ltd", "limited", "inc", "incorporated", "llc", "llp", "plc", "corp", "corporation",
        "co", "company", "gmbh", "ag", "ev", "sa", "sarl", "sas", "srl", "spa", "bv", "nv",
        "pvt", "pty", "cic", "cio", "ong", "ngo", "npo", "asbl", "aisbl", "ggmbh", "ac",
        # generic words of organization names
        "trust", "foundation", "fondation", "fundacion", "fundacao", "stiftung", "association",
        "associacao", "asociacion", "verein", "society", "charity", "charitable", "organisation",
        "organization", "organizacion", "fund", "institute", "international", "committee",
        "council", "group", "network", "agency", "establishment", "est",
        # articles and particles (Latin and transliterated Arabic)
        "the", "of", "and", "for", "de", "del", "la", "le", "les", "du", "des", "el", "al", "ul",
        "an", "ad", "ar", "as", "ash", "at", "az", "bin", "ibn", "y", "et", "und", "e", "a",
    }
    # The same words written in Arabic script, as unidecode spells them (foundation,
    # association, charity, organization, company, committee, trust).
    | set(_NON_ALPHANUMERIC.sub(" ", unidecode("مؤسسة جمعية خيرية الخيرية منظمة شركة لجنة صندوق").lower()).split())
)  # fmt: skip


def tokens(name: str) -> list[str]:
    """The meaningful words of a name, in Latin letters, without legal forms."""
    latin = unidecode(name or "").lower()
    # "e.V." and "s.a.r.l." lose their dots first, so they read as one word.
    latin = re.sub(r"(?<=\b[a-z])\.(?=[a-z]\b)", "", latin).replace(".", " ")
    words = _NON_ALPHANUMERIC.sub(" ", latin).split()
    kept = [word for word in words if word not in LEGAL_AND_FILLER_WORDS]
    return kept or words


def normalised_name(name: str) -> str:
    """ "Al-Rashid Trust" and "TRUST RASHID (AL)" -> "rashid"; sorted unique tokens."""
    return " ".join(sorted(set(tokens(name))))


def _skeleton_token(word: str) -> str:
    if word.isdigit() or len(word) <= 2:
        return word
    return _REPEATS.sub(r"\1", word[0] + _VOWELS.sub("", word[1:]))


def skeleton(name: str) -> str:
    """The consonant outline of each token, sorted: "Mohammed Al-Rasheed" -> "mhmd rshd"."""
    return " ".join(sorted({_skeleton_token(word) for word in tokens(name)}))

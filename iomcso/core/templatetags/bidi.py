"""Bidi isolation of user content inside translated sentences.

An organization's name typed in Latin script ("Migrants (Europe) e.V.") inside an Arabic
sentence, or an Arabic name inside an English one, would be reordered by the Unicode bidi
algorithm together with the sentence around it: brackets and numbers jump sides. ``<bdi>``
isolates it, so it keeps its own direction; around left-to-right text it changes nothing.

    {% load bidi %}
    {% blocktranslate with name=organization.name|bdi %}Team of {{ name }}{% endblocktranslate %}
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def bdi(value: object) -> SafeString:
    """The value, escaped, inside ``<bdi>`` (so it keeps its own writing direction)."""
    if value is None or value == "":
        return SafeString("")
    return format_html("<bdi>{}</bdi>", value)

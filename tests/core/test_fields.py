from partners.models import Organization


def test_a_website_typed_without_a_scheme_is_read_as_https():
    field = Organization._meta.get_field("website").formfield()

    assert field.clean("puentes.example.org") == "https://puentes.example.org"


def test_a_website_typed_with_http_keeps_its_scheme():
    field = Organization._meta.get_field("website").formfield()

    assert field.clean("http://puentes.example.org") == "http://puentes.example.org"

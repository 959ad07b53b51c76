"""One way to render a form field everywhere (GOV.UK manner), set as ``FORM_RENDERER``.

``{{ form }}`` renders ``forms/site_form.html``: an error summary at the top whose entries
link to the fields, then each field as ``forms/site_field.html``: label (optional fields say
so, no colon), hint, error, input. ``templates/django/forms/widgets/select_option.html``
shows "Choose…" instead of "---------" in every select. Pages that render a form with
``as_p``/``as_table`` (the admin) keep Django's form layout.
"""

from django.forms.renderers import TemplatesSetting


class SiteFormRenderer(TemplatesSetting):
    form_template_name = "forms/site_form.html"
    field_template_name = "forms/site_field.html"

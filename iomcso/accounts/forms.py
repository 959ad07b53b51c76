from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from iomcso.core.emails import normalise_language


class WithoutPlaceholders:
    """allauth's placeholders repeat the labels (and vanish as one types): the labels stay."""

    fields: dict

    def _remove_placeholders(self) -> None:
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)


class LoginForm(WithoutPlaceholders, AllauthLoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._remove_placeholders()
        if "remember" in self.fields:
            self.fields["remember"].label = _("Keep me signed in on this device")


class SignupForm(WithoutPlaceholders, AllauthSignupForm):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    accept_privacy_notice = forms.BooleanField(
        label=_("I have read and accept the privacy notice"),
        required=True,
        error_messages={"required": _("You must accept the privacy notice to create an account.")},
    )

    field_order = ["full_name", "email", "password1", "password2", "accept_privacy_notice"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._remove_placeholders()
        self.fields["accept_privacy_notice"].help_text = format_html(
            '<a href="{}">{}</a>',
            reverse("accounts:privacy_notice"),
            _("Read the privacy notice: what we keep about you and why"),
        )

    def save(self, request):
        user = super().save(request)
        return user

    def custom_signup(self, request, user) -> None:
        user.full_name = self.cleaned_data["full_name"]
        user.language = normalise_language(get_language())
        user.privacy_notice_version = settings.PRIVACY_NOTICE_VERSION
        user.privacy_notice_accepted_at = timezone.now()
        user.save(
            update_fields=[
                "full_name",
                "language",
                "privacy_notice_version",
                "privacy_notice_accepted_at",
            ]
        )


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label=_("Your password, to confirm"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."))
        return password


class ProfileForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    language = forms.ChoiceField(
        label=_("Language of the emails we send you"), choices=settings.LANGUAGES
    )

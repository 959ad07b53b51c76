"""Factories shared by every app's tests. App-specific ones live in tests/<app>/factories.py."""

import factory
from django.conf import settings
from django.utils import timezone

from iomcso.accounts.models import User

# Every user the factories make signs in with this password.
PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = settings.AUTH_USER_MODEL
        django_get_or_create = ["email"]
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Faker("name")
    password = factory.django.Password(PASSWORD)
    privacy_notice_version = settings.PRIVACY_NOTICE_VERSION
    privacy_notice_accepted_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        from allauth.account.models import EmailAddress

        EmailAddress.objects.get_or_create(
            user=self, email=self.email, defaults={"verified": True, "primary": True}
        )


class StaffUserFactory(UserFactory):
    is_staff = True
    email = factory.Sequence(lambda n: f"staff{n}@iom.int")


class SuperUserFactory(StaffUserFactory):
    is_superuser = True

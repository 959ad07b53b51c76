import os

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.utils import timezone


class Command(BaseCommand):
    help = "Makes sure a staff superuser exists and prints how to sign in."

    def handle(self, *args, **options):

        email = os.environ.get("DEMO_ADMIN_EMAIL", "admin@iomcso.example")
        password = os.environ.get("DEMO_ADMIN_PASSWORD", "iom-demo-admin")
        user_model = get_user_model()
        user, created = user_model.objects.get_or_create(
            email=email,
            defaults={
                "is_staff": True,
                "is_superuser": True,
                "full_name": "Demo Administrator",
                "privacy_notice_version": settings.PRIVACY_NOTICE_VERSION,
                "privacy_notice_accepted_at": timezone.now(),
            },
        )
        if created:
            user.set_password(password)
            user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        verb = "Created" if created else "Kept"
        self.stdout.write(
            self.style.SUCCESS(f"{verb} the staff login: {email} / {password}")
            if created
            else f"{verb} the existing staff login: {email} (password as first set, "
            f"default {password})"
        )

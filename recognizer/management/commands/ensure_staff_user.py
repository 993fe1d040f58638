"""Create (or update) a staff superuser from the environment, for quick starts and tests."""

import os

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Create or update the staff user named by DJANGO_STAFF_USERNAME with DJANGO_STAFF_PASSWORD."

    def handle(self, *args, **options):
        username = os.environ.get("DJANGO_STAFF_USERNAME", "")
        password = os.environ.get("DJANGO_STAFF_PASSWORD", "")
        if not username or not password:
            raise CommandError("Set DJANGO_STAFF_USERNAME and DJANGO_STAFF_PASSWORD.")
        user, created = get_user_model().objects.get_or_create(username=username)
        user.email = os.environ.get("DJANGO_STAFF_EMAIL", user.email)
        user.is_staff = user.is_superuser = user.is_active = True
        user.set_password(password)
        user.save()
        self.stdout.write(f"{'Created' if created else 'Updated'} staff user {username}.")

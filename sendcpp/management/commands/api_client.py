"""Issue, list and revoke partner API keys. The key is printed once and never stored."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from sendcpp.api.authentication import issue_api_client
from sendcpp.models import ApiClient, Organisation


class Command(BaseCommand):
    help = "Manage partner API keys: create, list, revoke."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create")
        create.add_argument("--name", required=True)
        create.add_argument(
            "--organisation", required=True, help="URN, UKPRN or LA code of the organisation"
        )
        create.add_argument(
            "--scopes",
            required=True,
            help=(
                "Comma-separated, e.g. cases:read,documents:read. "
                + "; ".join(f"{scope.value}: {scope.label}" for scope in ApiClient.Scope)
                + ". Only the local authority's own keys may act for it."
            ),
        )
        sub.add_parser("list")
        revoke = sub.add_parser("revoke")
        revoke.add_argument("prefix")

    def handle(self, *args, action: str, **options):
        if action == "create":
            org = (
                Organisation.objects.filter(urn=options["organisation"]).first()
                or Organisation.objects.filter(ukprn=options["organisation"]).first()
                or Organisation.objects.filter(la_code=options["organisation"], kind="la").first()
            )
            if org is None:
                raise CommandError(
                    f"No organisation with URN, UKPRN or LA code {options['organisation']}"
                )
            try:
                client, key = issue_api_client(
                    name=options["name"],
                    organisation=org,
                    scopes=[s.strip() for s in options["scopes"].split(",") if s.strip()],
                )
            except ValueError as error:
                raise CommandError(str(error)) from error
            self.stdout.write(f"Created {client.name} for {org.name}. Key (shown once): {key}")
        elif action == "list":
            for client in ApiClient.objects.select_related("organisation").order_by("name"):
                state = "revoked" if client.revoked_at else "active"
                self.stdout.write(
                    f"{client.key_prefix}  {client.name}  {client.organisation.name}  {','.join(client.scopes)}  {state}"
                )
        else:
            updated = ApiClient.objects.filter(
                key_prefix=options["prefix"], revoked_at__isnull=True
            ).update(revoked_at=timezone.now())
            if not updated:
                raise CommandError(f"No active key with prefix {options['prefix']}")
            self.stdout.write(f"Revoked {options['prefix']}")

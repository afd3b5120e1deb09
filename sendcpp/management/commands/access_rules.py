"""Print every rule of the access policy that the apps add (``sendcpp.access.clauses``): for a
data protection officer or a reviewer, who sees which children's records through which
relationship."""

from __future__ import annotations

import textwrap

from django.core.management.base import BaseCommand

from sendcpp import access


class Command(BaseCommand):
    help = "Print the access rules the apps register, in plain words."

    def handle(self, *args, **options):
        self.stdout.write(
            "Who may see and do what, beyond the core rules in sendcpp/access.py "
            "(family links, coordinators, managers, grants, partner keys):\n"
        )
        for clause in access.clauses():
            if isinstance(clause, access.CaseClause):
                reach = f"cases, for the {clause.role.replace('_', ' ')} role"
            else:
                reach = f"{clause.model._meta.verbose_name_plural}"
            self.stdout.write(f"{clause.app}: {clause.name} ({reach})")
            self.stdout.write(textwrap.indent(textwrap.fill(clause.rule, 92), "    "))

"""Print every process's transition table in plain English, for people who review the rules
without reading code: its states (with the meaning from the code), where it starts, each state's
moves, and where it ends.

    manage.py workflows              # every process
    manage.py workflows ehcp.case    # one or more by name
"""

from __future__ import annotations

import inspect

from django.core.management.base import BaseCommand, CommandError

from sendcpp.workflow import Workflow, registry


class Command(BaseCommand):
    help = "Print every workflow: its states, the moves between them and where each ends."

    def add_arguments(self, parser):
        parser.add_argument("names", nargs="*", help="workflow names (all when none given)")

    def handle(self, *args, names: list[str], **options):
        flows = registry()
        unknown = sorted(set(names) - set(flows))
        if unknown:
            raise CommandError(
                f"No workflow called {', '.join(unknown)}. Known: {', '.join(flows)}."
            )
        chosen = [flows[name] for name in names] if names else list(flows.values())
        self.stdout.write("\n\n".join(describe(flow) for flow in chosen))


def describe(flow: Workflow) -> str:
    """One workflow as text: name, the states' own description, then the table."""

    def named(states) -> str:
        ordered = [state for state in flow.states if state in states]
        return ", ".join(f"{flow.label(state)} ({state.value})" for state in ordered) or "-"

    lines = [f"{flow.name}: {flow.noun} ({flow.states.__name__})", ""]
    doc = inspect.cleandoc(flow.states.__doc__ or "")
    lines += [f"  {line}".rstrip() for line in doc.splitlines()]
    lines += ["", f"  Starts at: {named(flow.start)}", "  Moves:"]
    for state in flow.states:
        moves = named(flow.moves[state]) if flow.moves[state] else "none (it ends here)"
        lines.append(f"    {flow.label(state)} -> {moves}")
    lines.append(f"  Ends at (no moves out): {named(flow.terminal)}")
    return "\n".join(lines)

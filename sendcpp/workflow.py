"""One way to write down how a process moves between its states, shared by every app.

Each app's ``workflow.py`` builds one ``Workflow`` per process from its ``TextChoices`` (whose
docstring describes every state) and a transition table: each state mapped to the states it may
move to. Services call ``check(current, target)`` before writing a status; nothing else writes
one. Everything else is derived from the table, never kept as a second list:

- terminal states are those with no moves out (``terminal``, ``is_terminal``); the others are
  ``live``;
- ``sources(target)`` are the states from which ``target`` is one move away;
- labels come from the ``TextChoices``, so a refusal names both states in plain English.

Every ``Workflow`` is registered by name when it is built; ``registry()`` imports each installed
app's ``workflow`` module first, so it always holds all of them (the shared tests and
``manage.py workflows`` use it). The core imports no domain app: it finds them by module name,
as Django's admin finds ``admin`` modules.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cached_property
from types import MappingProxyType
from typing import Generic, TypeVar

from django.db.models import TextChoices
from django.utils.module_loading import autodiscover_modules

from sendcpp.exceptions import TransitionNotAllowed

S = TypeVar("S", bound=TextChoices)

_REGISTRY: dict[str, Workflow] = {}


class Workflow(Generic[S]):
    """A named transition table over one ``TextChoices`` class.

    ``moves`` must name every state exactly once (a state with no moves out is terminal) and move
    only to other states of the same class; ``start`` are the states a record is created in. A
    badly formed table is refused when the module is imported, not when a user meets it.
    """

    def __init__(
        self,
        name: str,
        states: type[S],
        moves: Mapping[S, Iterable[S]],
        *,
        noun: str,
        start: Iterable[S],
    ) -> None:
        self.name = name
        self.states = states
        self.noun = noun
        self.moves: Mapping[S, frozenset[S]] = MappingProxyType(
            {
                states(state): frozenset(states(t) for t in targets)
                for state, targets in moves.items()
            }
        )
        self.start: frozenset[S] = frozenset(states(state) for state in start)
        self._validate()
        if name in _REGISTRY:
            raise ValueError(f"There is already a workflow called {name!r}")
        _REGISTRY[name] = self

    def _validate(self) -> None:
        missing = sorted(set(self.states) - set(self.moves))
        if missing:
            raise ValueError(
                f"Workflow {self.name!r} does not give the moves of {', '.join(missing)}"
            )
        loops = sorted(state for state, targets in self.moves.items() if state in targets)
        if loops:
            raise ValueError(f"Workflow {self.name!r} moves {', '.join(loops)} to itself")
        if not self.start:
            raise ValueError(f"Workflow {self.name!r} has no start state")

    def __repr__(self) -> str:
        return f"<Workflow {self.name}>"

    # --- Asking the table ------------------------------------------------------------------------

    def allowed_from(self, current: S | str) -> frozenset[S]:
        """The states a record at ``current`` may move to (``ValueError`` for an unknown state)."""
        return self.moves[self.states(current)]

    def allows(self, current: S | str, target: S | str) -> bool:
        """Whether a record at ``current`` may move to ``target`` (an unknown target may not)."""
        return target in self.allowed_from(current)

    def check(self, current: S | str, target: S | str, *, refusal: str | None = None) -> S:
        """Return ``target`` as a state, unless a record at ``current`` may not move to it: then
        raise ``TransitionNotAllowed`` with ``refusal``, or by default a message naming both
        states ("A case at “Request received” cannot move to “Plan ceased”.")."""
        if not self.allows(current, target):
            wanted = self.label(target) if target in self.states.values else target
            raise TransitionNotAllowed(
                refusal or f"{self._a_noun} at “{self.label(current)}” cannot move to “{wanted}”."
            )
        return self.states(target)

    def label(self, state: S | str) -> str:
        return str(self.states(state).label)

    def is_terminal(self, state: S | str) -> bool:
        """True for a state with no moves out."""
        return not self.allowed_from(state)

    def sources(self, target: S | str) -> frozenset[S]:
        """The states from which ``target`` is one move away."""
        target = self.states(target)
        return frozenset(state for state, targets in self.moves.items() if target in targets)

    @cached_property
    def terminal(self) -> frozenset[S]:
        """The states with no moves out."""
        return frozenset(state for state, targets in self.moves.items() if not targets)

    @cached_property
    def live(self) -> frozenset[S]:
        """The states with at least one move out: the record is still in progress."""
        return frozenset(self.moves) - self.terminal

    @cached_property
    def pairs(self) -> frozenset[tuple[S, S]]:
        """Every allowed move as a (from, to) pair."""
        return frozenset((state, t) for state, targets in self.moves.items() for t in targets)

    @cached_property
    def reachable(self) -> frozenset[S]:
        """The states a record can reach from a start state (including the start states)."""
        return self.reachable_from(*self.start)

    def reachable_from(self, *states: S | str) -> frozenset[S]:
        """The states a record at any of ``states`` can reach in any number of moves (including
        ``states`` themselves)."""
        seen = {self.states(state) for state in states}
        frontier = list(seen)
        while frontier:
            for target in self.moves[frontier.pop()] - seen:
                seen.add(target)
                frontier.append(target)
        return frozenset(seen)

    @property
    def _a_noun(self) -> str:
        return f"{'An' if self.noun[:1].lower() in 'aeiou' else 'A'} {self.noun}"


def registry() -> Mapping[str, Workflow]:
    """Every workflow of every installed app, by name (sorted)."""
    autodiscover_modules("workflow")
    return MappingProxyType(dict(sorted(_REGISTRY.items())))

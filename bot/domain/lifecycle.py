"""A patient's status and the transitions allowed between statuses: one state machine.

Pure. The caller reads (status, paused_by), calls `transition`, stores the `Change` and records
its `event` in the audit log. `paused_by` says whose pause it is: a patient's /resume lifts only
the patient's own pause, never one set by the care team. It survives a block (unblocking goes
back to the pause it interrupted) and a stop (a later /resume lands on it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, get_args

Status = Literal["invited", "active", "paused", "stopped", "unreachable", "erased"]
PausedBy = Literal["patient", "staff"]
Actor = Literal["patient", "staff", "telegram", "system"]
Action = Literal["consent", "pause", "resume", "stop", "block", "unblock", "write", "erase"]
Event = Literal[
    "consent_given",
    "patient_paused",
    "patient_resumed",
    "patient_stopped",
    "patient_unreachable",
    "patient_reachable",
    "patient_erased",
]

STATUSES: tuple[Status, ...] = get_args(Status)
ACTORS: tuple[Actor, ...] = get_args(Actor)
ACTIONS: tuple[Action, ...] = get_args(Action)

# Who may ask for what. `system` has no lifecycle action today: it is an audit actor (retention).
ALLOWED: dict[Action, frozenset[Actor]] = {
    "consent": frozenset({"patient"}),
    "pause": frozenset({"patient", "staff"}),
    "resume": frozenset({"patient", "staff"}),
    "stop": frozenset({"patient"}),
    "block": frozenset({"telegram"}),
    "unblock": frozenset({"telegram"}),
    "write": frozenset({"patient"}),
    "erase": frozenset({"patient", "staff"}),
}

RECEIVES_CHECKINS: frozenset[Status] = frozenset({"active"})
# A new invite link makes sense only for someone not (or no longer) reachable in a linked chat.
MAY_GET_INVITE: frozenset[Status] = frozenset({"invited", "stopped", "unreachable"})
# Consented and taking part, even if paused or out of reach for now.
ENROLLED: frozenset[Status] = frozenset({"active", "paused", "unreachable"})
# A Telegram chat is linked to the patient: the bot recognises their messages.
LINKED: frozenset[Status] = frozenset({"active", "paused", "stopped", "unreachable"})


class NotAllowed(Exception):
    """The action is refused in this state; `reason_key` is a short machine key."""

    def __init__(self, reason_key: str) -> None:
        super().__init__(reason_key)
        self.reason_key = reason_key


class Unchanged(NotAllowed):
    """The action would change nothing (e.g. pause while paused): nothing to store or record."""


@dataclass(frozen=True)
class Change:
    """The state after a transition and the audit event that records it."""

    status: Status
    paused_by: PausedBy | None
    event: Event


def receives_checkins(status: Status) -> bool:
    """Whether check-ins (and reminders) go out to a patient in this status."""
    return status in RECEIVES_CHECKINS


def may_get_invite(status: Status) -> bool:
    """Whether staff may issue a new invite link to a patient in this status."""
    return status in MAY_GET_INVITE


def is_enrolled(status: Status) -> bool:
    """Whether the patient has consented and has neither stopped nor been erased."""
    return status in ENROLLED


def is_linked(status: Status) -> bool:
    """Whether a Telegram chat is linked to the patient."""
    return status in LINKED


def status_key(status: Status, paused_by: PausedBy | None) -> str:
    """The locale id of the status as a clinician reads it (lifecycle.ftl)."""
    if status == "paused" and paused_by is not None:
        return f"lifecycle-status-paused-by-{paused_by}"
    return f"lifecycle-status-{status}"  # a bare "paused" only for rows from before paused_by


def check_state(status: Status, paused_by: PausedBy | None) -> None:
    """Raise ValueError unless (status, paused_by) is a state the machine can be in."""
    if status not in STATUSES:
        raise ValueError(f"unknown patient status {status!r}")
    if paused_by not in (None, "patient", "staff"):
        raise ValueError(f"unknown pauser {paused_by!r}")
    if status == "paused" and paused_by is None:
        raise ValueError("a paused patient needs paused_by (patient or staff)")
    if status not in ("paused", "unreachable", "stopped") and paused_by is not None:
        raise ValueError(f"a patient who is {status} cannot be paused_by {paused_by}")


def transition(
    current: Status, paused_by: PausedBy | None, action: Action, actor: Actor
) -> Change:
    """Apply `action` by `actor`; raises NotAllowed (or its subclass Unchanged for a no-op)."""
    check_state(current, paused_by)
    if action not in ALLOWED:
        raise ValueError(f"unknown action {action!r}")
    if actor not in ALLOWED[action]:
        raise NotAllowed("actor-not-allowed")
    if current == "erased":
        raise NotAllowed("erased")  # terminal: there is nobody left to change
    return _RULES[action](current, paused_by, actor)


def _consent(current: Status, paused_by: PausedBy | None, actor: Actor) -> Change:
    if current not in MAY_GET_INVITE:
        raise NotAllowed("already-enrolled")
    # A fresh agreement lifts the patient's own pause but never one the care team set.
    if paused_by == "staff":
        return Change("paused", "staff", "consent_given")
    return Change("active", None, "consent_given")


def _pause(current: Status, paused_by: PausedBy | None, actor: Actor) -> Change:
    if current == "unreachable" and actor == "staff":
        # The pause waits behind the block: unblocking lands on it.
        if paused_by == "staff":
            raise Unchanged("already-paused")
        return Change("unreachable", "staff", "patient_paused")
    _must_be_reachable(current)
    if current == "paused":
        # Staff may take over a patient's pause so that the patient cannot lift it; a patient
        # pausing inside a staff pause changes nothing.
        if actor == "staff" and paused_by == "patient":
            return Change("paused", "staff", "patient_paused")
        raise Unchanged("already-paused")
    return Change("paused", "staff" if actor == "staff" else "patient", "patient_paused")


def _resume(current: Status, paused_by: PausedBy | None, actor: Actor) -> Change:
    if current == "stopped" and actor == "patient":
        # The patient changed their mind (their /stop reply says /resume starts again); a pause
        # the care team had set is still theirs to lift.
        if paused_by == "staff":
            return Change("paused", "staff", "patient_resumed")
        return Change("active", None, "patient_resumed")
    if current == "unreachable" and actor == "staff":
        if paused_by is None:
            raise Unchanged("not-paused")
        return Change("unreachable", None, "patient_resumed")
    _must_be_reachable(current)
    if current == "active":
        raise Unchanged("not-paused")
    if actor == "patient" and paused_by == "staff":
        raise NotAllowed("paused-by-staff")
    return Change("active", None, "patient_resumed")


def _stop(current: Status, paused_by: PausedBy | None, actor: Actor) -> Change:
    if current == "stopped":
        raise Unchanged("already-stopped")
    _must_be_reachable(current)
    # A staff pause outlives a stop, so /stop then /resume cannot lift it.
    return Change("stopped", "staff" if paused_by == "staff" else None, "patient_stopped")


def _block(current: Status, paused_by: PausedBy | None, actor: Actor) -> Change:
    if current == "invited":
        raise NotAllowed("not-enrolled")
    if current == "unreachable":
        raise Unchanged("already-unreachable")
    if current == "stopped":
        raise Unchanged("stopped")  # the patient already said no more messages: that stands
    return Change("unreachable", paused_by, "patient_unreachable")


def _reach(current: Status, paused_by: PausedBy | None, actor: Actor) -> Change:
    """unblock (Telegram says so) and write (the patient wrote to us): back where they were."""
    if current == "invited":
        raise NotAllowed("not-enrolled")
    if current == "stopped":
        raise Unchanged("stopped")
    if current != "unreachable":
        raise Unchanged("already-reachable")
    if paused_by is not None:
        return Change("paused", paused_by, "patient_reachable")
    return Change("active", None, "patient_reachable")


def _erase(current: Status, paused_by: PausedBy | None, actor: Actor) -> Change:
    return Change("erased", None, "patient_erased")


def _must_be_reachable(current: Status) -> None:
    """Patient and staff actions need an enrolled patient in reach; `write` comes first."""
    if current == "invited":
        raise NotAllowed("not-enrolled")
    if current == "stopped":
        raise NotAllowed("stopped")
    if current == "unreachable":
        raise NotAllowed("unreachable")


_RULES: dict[Action, Callable[[Status, PausedBy | None, Actor], Change]] = {
    "consent": _consent,
    "pause": _pause,
    "resume": _resume,
    "stop": _stop,
    "block": _block,
    "unblock": _reach,
    "write": _reach,
    "erase": _erase,
}

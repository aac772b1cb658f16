"""The patient lifecycle: each rule by example, then properties over every state and sequence."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot import LOCALES_DIR
from bot.domain.lifecycle import (
    ACTIONS,
    ACTORS,
    ALLOWED,
    STATUSES,
    Action,
    Actor,
    Change,
    NotAllowed,
    PausedBy,
    Status,
    Unchanged,
    check_state,
    is_enrolled,
    is_linked,
    may_get_invite,
    receives_checkins,
    status_key,
    transition,
)
from bot.i18n import SUPPORTED, load_catalogs

State = tuple[Status, PausedBy | None]


def states() -> Iterator[State]:
    """Every state the machine can be in."""
    for status in STATUSES:
        pausers: tuple[PausedBy | None, ...] = (None,)
        if status == "paused":
            pausers = ("patient", "staff")
        elif status == "unreachable":
            pausers = (None, "patient", "staff")
        for paused_by in pausers:
            yield status, paused_by


STATES = list(states())
EVENTS = {
    "consent": "consent_given",
    "pause": "patient_paused",
    "resume": "patient_resumed",
    "stop": "patient_stopped",
    "block": "patient_unreachable",
    "unblock": "patient_reachable",
    "write": "patient_reachable",
    "erase": "patient_erased",
}


def refusal(state: State, action: Action, actor: Actor) -> NotAllowed:
    with pytest.raises(NotAllowed) as caught:
        transition(*state, action, actor)
    return caught.value


# --- the rules, by example --------------------------------------------------------------------


@pytest.mark.parametrize("status", ["invited", "stopped", "unreachable"])
def test_consent_enrols(status: Status) -> None:
    assert transition(status, None, "consent", "patient") == Change(
        "active", None, "consent_given"
    )


def test_consent_keeps_a_staff_pause_but_lifts_the_patients_own() -> None:
    staff = transition("unreachable", "staff", "consent", "patient")
    assert staff == Change("paused", "staff", "consent_given")
    own = transition("unreachable", "patient", "consent", "patient")
    assert own == Change("active", None, "consent_given")


@pytest.mark.parametrize("state", [("active", None), ("paused", "patient"), ("paused", "staff")])
def test_consent_twice_is_refused(state: State) -> None:
    assert refusal(state, "consent", "patient").reason_key == "already-enrolled"


@pytest.mark.parametrize("actor", ["patient", "staff"])
def test_pause_remembers_who_paused(actor: PausedBy) -> None:
    assert transition("active", None, "pause", actor) == Change("paused", actor, "patient_paused")


def test_patient_resume_lifts_their_own_pause() -> None:
    assert transition("paused", "patient", "resume", "patient") == Change(
        "active", None, "patient_resumed"
    )


def test_patient_resume_cannot_lift_a_staff_pause() -> None:
    refused = refusal(("paused", "staff"), "resume", "patient")
    assert refused.reason_key == "paused-by-staff"
    assert not isinstance(refused, Unchanged)


@pytest.mark.parametrize("paused_by", ["patient", "staff"])
def test_staff_resume_lifts_any_pause(paused_by: PausedBy) -> None:
    assert transition("paused", paused_by, "resume", "staff") == Change(
        "active", None, "patient_resumed"
    )


def test_staff_can_take_over_a_patients_pause() -> None:
    assert transition("paused", "patient", "pause", "staff") == Change(
        "paused", "staff", "patient_paused"
    )


def test_a_patient_pausing_inside_a_staff_pause_changes_nothing() -> None:
    refused = refusal(("paused", "staff"), "pause", "patient")
    assert isinstance(refused, Unchanged) and refused.reason_key == "already-paused"


@pytest.mark.parametrize(
    ("state", "action", "actor", "key"),
    [
        (("paused", "patient"), "pause", "patient", "already-paused"),
        (("paused", "staff"), "pause", "staff", "already-paused"),
        (("active", None), "resume", "patient", "not-paused"),
        (("active", None), "resume", "staff", "not-paused"),
        (("stopped", None), "stop", "patient", "already-stopped"),
        (("unreachable", None), "block", "telegram", "already-unreachable"),
        (("active", None), "unblock", "telegram", "already-reachable"),
        (("paused", "staff"), "write", "patient", "already-reachable"),
        (("stopped", None), "block", "telegram", "stopped"),
        (("stopped", None), "write", "patient", "stopped"),
    ],
)
def test_no_ops_are_unchanged_not_refusals(
    state: State, action: Action, actor: Actor, key: str
) -> None:
    refused = refusal(state, action, actor)
    assert isinstance(refused, Unchanged)
    assert refused.reason_key == key


@pytest.mark.parametrize(
    ("state", "action", "actor", "key"),
    [
        (("stopped", None), "resume", "staff", "stopped"),  # only the patient restarts
        (("stopped", None), "pause", "staff", "stopped"),
        (("invited", None), "pause", "staff", "not-enrolled"),
        (("invited", None), "stop", "patient", "not-enrolled"),
        (("invited", None), "block", "telegram", "not-enrolled"),
        (("unreachable", None), "resume", "patient", "unreachable"),  # `write` comes first
        (("unreachable", None), "stop", "patient", "unreachable"),
    ],
)
def test_refusals(state: State, action: Action, actor: Actor, key: str) -> None:
    refused = refusal(state, action, actor)
    assert not isinstance(refused, Unchanged)
    assert refused.reason_key == key


@pytest.mark.parametrize("state", [("active", None), ("paused", "patient")])
def test_stop_from_enrolled(state: State) -> None:
    assert transition(*state, "stop", "patient") == Change("stopped", None, "patient_stopped")


def test_a_staff_pause_outlives_stop_and_resume() -> None:
    stopped = transition("paused", "staff", "stop", "patient")
    assert stopped == Change("stopped", "staff", "patient_stopped")
    resumed = transition(stopped.status, stopped.paused_by, "resume", "patient")
    assert resumed == Change("paused", "staff", "patient_resumed")


def test_a_patient_who_stopped_may_start_again() -> None:
    assert transition("stopped", None, "resume", "patient") == Change(
        "active", None, "patient_resumed"
    )


@pytest.mark.parametrize("state", [("active", None), ("paused", "patient"), ("paused", "staff")])
@pytest.mark.parametrize(("back", "actor"), [("unblock", "telegram"), ("write", "patient")])
def test_block_then_back_returns_where_it_was(state: State, back: Action, actor: Actor) -> None:
    blocked = transition(*state, "block", "telegram")
    assert blocked == Change("unreachable", state[1], "patient_unreachable")
    returned = transition(blocked.status, blocked.paused_by, back, actor)
    assert (returned.status, returned.paused_by) == state
    assert returned.event == "patient_reachable"


def test_staff_can_pause_and_resume_behind_a_block() -> None:
    paused = transition("unreachable", None, "pause", "staff")
    assert paused == Change("unreachable", "staff", "patient_paused")
    assert transition("unreachable", "patient", "pause", "staff").paused_by == "staff"
    assert transition("unreachable", "staff", "unblock", "telegram").status == "paused"
    resumed = transition("unreachable", "staff", "resume", "staff")
    assert resumed == Change("unreachable", None, "patient_resumed")


@pytest.mark.parametrize("state", [s for s in STATES if s[0] != "erased"])
@pytest.mark.parametrize("actor", ["patient", "staff"])
def test_erase_from_anything_but_erased(state: State, actor: Actor) -> None:
    assert transition(*state, "erase", actor) == Change("erased", None, "patient_erased")


def test_erased_refuses_even_erase() -> None:
    refused = refusal(("erased", None), "erase", "staff")
    assert refused.reason_key == "erased" and not isinstance(refused, Unchanged)


@pytest.mark.parametrize(
    ("status", "paused_by"),
    [("paused", None), ("active", "patient"), ("invited", "staff"), ("gone", None)],
)
def test_impossible_states_are_errors(status: Status, paused_by: PausedBy | None) -> None:
    with pytest.raises(ValueError):
        transition(status, paused_by, "erase", "staff")


def test_unknown_action_is_an_error() -> None:
    with pytest.raises(ValueError):
        transition("active", None, "vanish", "staff")  # type: ignore[arg-type]


def test_helpers() -> None:
    assert [s for s in STATUSES if receives_checkins(s)] == ["active"]
    assert {s for s in STATUSES if may_get_invite(s)} == {"invited", "stopped", "unreachable"}
    assert {s for s in STATUSES if is_enrolled(s)} == {"active", "paused", "unreachable"}
    assert {s for s in STATUSES if is_linked(s)} == {"active", "paused", "stopped", "unreachable"}


def test_status_keys() -> None:
    assert status_key("paused", "staff") == "lifecycle-status-paused-by-staff"
    assert status_key("paused", "patient") == "lifecycle-status-paused-by-patient"
    assert status_key("unreachable", "staff") == "lifecycle-status-unreachable"
    assert status_key("paused", None) == "lifecycle-status-paused"


# --- properties ---------------------------------------------------------------------------------

state_st = st.sampled_from(STATES)
action_st = st.sampled_from(ACTIONS)
actor_st = st.sampled_from(ACTORS)
step_st = st.tuples(action_st, actor_st)
SETTINGS = settings(max_examples=400, deadline=None)


def attempt(state: State, action: Action, actor: Actor) -> Change | NotAllowed:
    try:
        return transition(*state, action, actor)
    except NotAllowed as refused:
        return refused


@SETTINGS
@given(state_st, st.lists(step_st, max_size=30))
def test_every_reachable_state_is_valid(start: State, steps: list[tuple[Action, Actor]]) -> None:
    state = start
    for action, actor in steps:
        result = attempt(state, action, actor)
        if isinstance(result, Change):
            check_state(result.status, result.paused_by)
            assert result.status in STATUSES
            state = (result.status, result.paused_by)


@SETTINGS
@given(action_st, actor_st)
def test_erased_is_terminal(action: Action, actor: Actor) -> None:
    assert isinstance(attempt(("erased", None), action, actor), NotAllowed)


@SETTINGS
@given(state_st, action_st, actor_st)
def test_only_allowed_pairs_succeed(state: State, action: Action, actor: Actor) -> None:
    result = attempt(state, action, actor)
    if actor not in ALLOWED[action]:
        assert isinstance(result, NotAllowed) and not isinstance(result, Unchanged)
        assert result.reason_key == "actor-not-allowed"


@SETTINGS
@given(state_st, action_st, actor_st)
def test_a_change_always_changes_something_and_names_its_event(
    state: State, action: Action, actor: Actor
) -> None:
    result = attempt(state, action, actor)
    if isinstance(result, Change):
        assert (result.status, result.paused_by) != state
        assert result.event == EVENTS[action]


@SETTINGS
@given(
    st.sampled_from([("paused", "staff"), ("unreachable", "staff")]),
    st.lists(st.sampled_from([(a, b) for a in ACTIONS for b in ACTORS if b != "staff"])),
)
def test_the_patient_never_lifts_a_staff_pause(
    start: State, steps: list[tuple[Action, Actor]]
) -> None:
    """Without staff, only /stop (then a new link, which staff issue) or erasure end it."""
    state = start
    for action, actor in steps:
        result = attempt(state, action, actor)
        if isinstance(result, Change):
            state = (result.status, result.paused_by)
        if state[0] == "erased":
            return
        assert state[1] == "staff"
        assert state[0] != "active"


@SETTINGS
@given(state_st, action_st, actor_st)
def test_only_active_patients_receive_checkins_after_any_step(
    state: State, action: Action, actor: Actor
) -> None:
    result = attempt(state, action, actor)
    if isinstance(result, Change) and receives_checkins(result.status):
        assert result.status == "active" and result.paused_by is None


# --- the locale keys the services will use -------------------------------------------------------


@pytest.mark.parametrize("lang", SUPPORTED)
def test_every_status_and_refusal_has_words(lang: str) -> None:
    t = load_catalogs(LOCALES_DIR)
    for status, paused_by in [*STATES, ("paused", None)]:
        assert t(lang, status_key(status, paused_by))
    for reason in ("paused-by-staff", "stopped"):
        assert t(lang, f"lifecycle-refused-{reason}")
    assert "P-001" in t(lang, "lifecycle-clinician-stopped", alias="P-001")
    assert "P-001" in t(lang, "lifecycle-clinician-erased", alias="P-001")

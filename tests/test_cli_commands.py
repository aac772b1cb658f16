"""Staff commands end to end through `main`: --json anywhere, pause and resume, the audit log,
removing staff, unlinking and re-inviting clinicians, and placeholder invite links."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import pytest

from bot.clock import VirtualClock
from tests.conftest import Run, stored


def _sql(tmp_path: Path, sql: str, *params: object) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(tmp_path / "r.db")) as db:
        rows = db.execute(sql, params).fetchall()
        db.commit()
    return rows


@pytest.fixture
def clinic(rapport: Run) -> Run:
    rapport("clinician", "add", "--name", "Dr A")
    rapport("patient", "add", "--alias", "P-1", "--clinician", "Dr A")
    return rapport


# --- --json -------------------------------------------------------------------------------------


def test_json_before_or_after_the_subcommand(clinic: Run) -> None:
    before = clinic("--json", "patient", "list")
    after = clinic("patient", "list", "--json")
    assert before == after
    code, out, err = before
    assert (code, err) == (0, "") and json.loads(out)[0]["alias"] == "P-1"
    assert clinic("patient", "list")[1].startswith("P-1 ")  # people get a table


@pytest.mark.parametrize("where", ["before", "after"])
def test_an_error_under_json_is_an_object_on_stdout(clinic: Run, where: str) -> None:
    args = ["invite", "renew", "--patient", "P-404"]
    code, out, err = clinic(*(["--json", *args] if where == "before" else [*args, "--json"]))
    assert (code, err) == (1, "")
    assert json.loads(out) == {"error": "no patient with alias 'P-404'"}


def test_a_usage_error_exits_2_as_a_line_or_as_json(rapport: Run) -> None:
    code, out, err = rapport("audit", "--limit", "ten")
    assert (code, out) == (2, "") and err.startswith("rapport: error: ") and err.count("\n") == 1
    code, out, err = rapport("--json", "audit", "--limit", "ten")
    assert (code, err) == (2, "") and "invalid int value" in json.loads(out)["error"]


# --- placeholder links --------------------------------------------------------------------------


def test_a_link_without_the_bots_username_says_it_is_a_placeholder(rapport: Run) -> None:
    runs = [
        rapport("clinician", "add", "--name", "Dr A", "--json"),
        rapport("patient", "add", "--alias", "P-1", "--clinician", "Dr A", "--json"),
        rapport("invite", "renew", "--patient", "P-1", "--json"),
        rapport("clinician", "invite", "--name", "Dr A", "--json"),
    ]
    for code, out, err in runs:
        assert code == 0 and "YOUR_BOT_USERNAME" in json.loads(out)["invite_link"]
        assert err.startswith("rapport: warning: the bot's username is not known yet") and (
            err.count("\n") == 1
        )


def test_a_known_username_gives_a_real_link_and_no_warning(rapport: Run, tmp_path: Path) -> None:
    rapport("migrate")
    _sql(tmp_path, "INSERT INTO meta (key, value) VALUES ('bot_username', 'clinic_bot')")
    code, out, err = rapport("clinician", "add", "--name", "Dr A", "--json")
    assert (code, err) == (0, "") and "t.me/clinic_bot?start=" in json.loads(out)["invite_link"]


# --- pause and resume ---------------------------------------------------------------------------


def _status(tmp_path: Path) -> str:
    return str(_sql(tmp_path, "SELECT status FROM patients WHERE alias = 'P-1'")[0][0])


def test_resume_resumes_and_pause_pauses(clinic: Run, tmp_path: Path) -> None:
    _sql(tmp_path, "UPDATE patients SET status = 'active', chat_id = 600, telegram_user_id = 600")
    code, out, _ = clinic("patient", "pause", "--alias", "P-1", "--json")
    assert code == 0 and json.loads(out) == {"alias": "P-1", "status": "paused"}
    assert _status(tmp_path) == "paused"
    code, out, _ = clinic("patient", "resume", "--alias", "P-1", "--json")
    assert code == 0 and json.loads(out) == {"alias": "P-1", "status": "active"}
    assert _status(tmp_path) == "active"
    events = [e["event"] for e in json.loads(clinic("audit", "--json")[1])[:2]]
    assert events == ["patient_resumed", "patient_paused"]


def test_resume_or_pause_that_changes_nothing_is_refused(clinic: Run, tmp_path: Path) -> None:
    before = stored(tmp_path / "r.db")
    code, _, err = clinic("patient", "resume", "--alias", "P-1")
    assert code == 1 and "'P-1' is invited: it cannot be resumed" in err
    _sql(tmp_path, "UPDATE patients SET status = 'active', chat_id = 600")
    code, _, err = clinic("patient", "resume", "--alias", "P-1")
    assert code == 1 and "'P-1' is already active" in err
    assert len(stored(tmp_path / "r.db")) == len(before)


# --- the audit log ------------------------------------------------------------------------------


def _audit(rapport: Run, *args: str) -> list[dict[str, object]]:
    code, out, err = rapport("audit", *args, "--json")
    assert code == 0, err
    return list(json.loads(out))


def test_audit_is_newest_first_from_a_date_and_limited(rapport: Run, clock: VirtualClock) -> None:
    rapport("clinician", "add", "--name", "Dr A")  # Monday 2 March
    clock.advance(timedelta(days=1))
    rapport("patient", "add", "--alias", "P-1", "--clinician", "Dr A")
    clock.advance(timedelta(days=1))
    rapport("staff", "add", "--telegram-id", "7001", "--name", "Sam")
    everything = _audit(rapport)
    assert [e["at"] for e in everything] == sorted((e["at"] for e in everything), reverse=True)
    assert everything[0]["event"] == "staff_added"
    assert everything[-1]["event"] == "clinician_added"
    since = _audit(rapport, "--since", "2026-03-03")
    assert since == everything[:-1] and "patient_added" in {e["event"] for e in since}
    assert _audit(rapport, "--since", "2026-03-04T09:00:00+00:00") == everything[:1]
    assert _audit(rapport, "--limit", "2") == everything[:2]
    assert {e["patient"] for e in _audit(rapport, "--patient", "P-1")} == {"P-1"}
    code, out, _ = rapport("audit", "--limit", "1")
    assert code == 0 and out.startswith("2026-03-04T09:00:00  staff_added ")


# --- staff --------------------------------------------------------------------------------------


def test_staff_remove_takes_the_menu_away_and_only_once(
    rapport: Run, tmp_path: Path, clock: VirtualClock
) -> None:
    code, out, _ = rapport("staff", "add", "--telegram-id", "7001", "--name", " Sam ", "--json")
    assert code == 0 and json.loads(out) == {"id": 1, "telegram_id": 7001, "name": "Sam"}
    code, out, _ = rapport("staff", "remove", "--telegram-id", "7001", "--json")
    assert code == 0
    assert json.loads(out) == {"telegram_id": 7001, "name": "Sam", "removed": True}
    assert _sql(tmp_path, "SELECT COUNT(*) FROM staff") == [(0,)]
    menus = "SELECT payload FROM outbox WHERE chat_id = 7001 AND kind = 'commands'"
    assert [json.loads(str(p))["commands"] for (p,) in _sql(tmp_path, menus)] == [[]]
    code, _, err = rapport("staff", "remove", "--telegram-id", "7001")
    assert code == 1 and "telegram id 7001 is not staff" in err
    # Hired again and removed again (the row id is reused): the menu is taken away again.
    clock.advance(timedelta(days=30))
    rapport("staff", "add", "--telegram-id", "7001", "--name", "Sam")
    assert rapport("staff", "remove", "--telegram-id", "7001")[0] == 0
    assert len(_sql(tmp_path, menus)) == 2


# --- clinicians ---------------------------------------------------------------------------------


def _open_invites(tmp_path: Path) -> int:
    sql = "SELECT COUNT(*) FROM invites WHERE role = 'clinician' AND revoked_at IS NULL"
    return int(str(_sql(tmp_path, sql)[0][0]))


def test_clinician_unlink_and_invite(rapport: Run, tmp_path: Path) -> None:
    first = json.loads(rapport("clinician", "add", "--name", "Dr A", "--json")[1])
    code, _, err = rapport("clinician", "unlink", "--name", "Dr A")
    assert code == 1 and "clinician 'Dr A' has no linked chat" in err
    code, out, _ = rapport("clinician", "invite", "--name", "Dr A", "--json")
    second = json.loads(out)
    assert code == 0 and second["token"] != first["token"] and second["name"] == "Dr A"
    assert _open_invites(tmp_path) == 1  # the first link no longer works
    _sql(tmp_path, "UPDATE clinicians SET chat_id = 555")  # the clinician opened the link
    before = stored(tmp_path / "r.db")
    code, _, err = rapport("clinician", "invite", "--name", "Dr A")
    assert code == 1 and "is linked: unlink first" in err
    assert stored(tmp_path / "r.db") == before
    code, out, _ = rapport("clinician", "unlink", "--name", "Dr A", "--json")
    assert code == 0 and json.loads(out) == {"name": "Dr A", "unlinked": True}
    assert _sql(tmp_path, "SELECT chat_id FROM clinicians") == [(None,)]
    assert _open_invites(tmp_path) == 0
    menus = "SELECT chat_id, payload FROM outbox WHERE kind = 'commands'"
    assert _sql(tmp_path, menus) == [(555, '{"commands": [], "language": null}')]
    assert rapport("clinician", "invite", "--name", "Dr A")[0] == 0
    # A new phone, linked and unlinked again: that chat loses the menu too.
    _sql(tmp_path, "UPDATE clinicians SET chat_id = 556")
    assert rapport("clinician", "unlink", "--name", "Dr A")[0] == 0
    assert [c for c, _ in _sql(tmp_path, menus)] == [555, 556]

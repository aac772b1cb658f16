"""A restart in the middle of a check-in loses nothing and continues where it was."""

from bot.compose import open_app
from bot.sandbox import TelegramState
from tests.harness import running


async def test_restart_mid_checkin_continues_at_the_same_question(app, settings, clock) -> None:
    state = TelegramState()
    async with running(app, state) as h:
        user = await h.enrol("P-1")
        user.tap(user.last().buttons[0])  # taking_now
        await h.step()
        user.tap("No")  # other_medicines
        await h.step()
        waiting = user.last()
    await app.db.close()

    again = await open_app(settings, clock)
    try:
        async with running(again, state) as h2:
            user.tap("7", waiting.message_id)  # the question shown before the restart
            await h2.step()
            rows = await again.db.fetchall("SELECT question_id FROM answers ORDER BY id")
            assert [r["question_id"] for r in rows] == [
                "taking_now",
                "other_medicines",
                "symptoms_level",
            ]
            assert again.t("en", "checkin-progress", position=4, total=21) in user.last().text
    finally:
        await again.db.close()

"""python-telegram-bot itself, wired to the sandbox through SandboxRequest."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, RetryAfter
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes

from bot.sandbox import SandboxRequest, TelegramState
from bot.sandbox.request import sandbox_bot
from tests.timing import GUARD, FrozenTime

TOKEN = "123:ABC"


@pytest.fixture
def state() -> TelegramState:
    return TelegramState()


@pytest.fixture
async def bot(state: TelegramState) -> AsyncIterator[Bot]:
    async with sandbox_bot(state, TOKEN) as bot:
        yield bot


async def test_get_me_and_send_message_with_inline_keyboard(
    state: TelegramState, bot: Bot
) -> None:
    ana = state.user(1001, "Ana")
    ana.start()

    me = await bot.get_me()
    sent = await bot.send_message(
        1001,
        "<b>Dose</b> taken?",
        parse_mode=ParseMode.HTML,
        reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("Yes", callback_data="d:y")]]),
    )

    assert me.username == "rapport_test_bot" and me.is_bot
    assert sent.text == "Dose taken?" and sent.entities[0].type == "bold"
    assert sent.reply_markup.inline_keyboard[0][0].callback_data == "d:y"
    assert ana.last().source_text == "<b>Dose</b> taken?"
    assert ana.buttons() == ["Yes"]


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_errors_map_to_ptb_exceptions(state: TelegramState, bot: Bot) -> None:
    ana = state.user(1001, "Ana")
    ana.start()
    too_long = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="d" * 65)]])

    with pytest.raises(BadRequest, match="Button_data_invalid"):
        await bot.send_message(1001, "x", reply_markup=too_long)
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(99, "x")
    state.simulate_flood(retry_after=11)
    with pytest.raises(RetryAfter) as flood:
        await bot.send_message(1001, "x")
    ana.block()
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(1001, "x")

    assert flood.value.retry_after in (11, timedelta(seconds=11))  # int until PTB_TIMEDELTA


async def test_send_document_upload_and_download(state: TelegramState, bot: Bot) -> None:
    ana = state.user(1001, "Ana")
    ana.start()

    sent = await bot.send_document(1001, io.BytesIO(b"%PDF-1.7"), filename="digest.pdf")
    file = await bot.get_file(sent.document.file_id)

    assert ana.documents()[0].file.filename == "digest.pdf"
    assert bytes(await file.download_as_bytearray()) == b"%PDF-1.7"
    assert state.calls_to("sendDocument")[0].files == {"document": "digest.pdf"}


async def test_get_updates_long_poll_does_not_block_the_event_loop() -> None:
    state = TelegramState(monotonic=FrozenTime())  # the poll cannot time out: only the update
    ana = state.user(1001, "Ana")
    async with sandbox_bot(state, TOKEN) as bot:
        poll = asyncio.create_task(bot.get_updates(timeout=5))
        # This task runs while the poll waits: the poll does not hold the event loop.
        await state.wait_for(lambda: state.waiting_poll() is not None, GUARD)
        ana.send("hello")
        updates = await asyncio.wait_for(poll, GUARD)

    assert [u.message.text for u in updates] == ["hello"]


async def test_application_processes_start_with_payload(state: TelegramState) -> None:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.effective_message.reply_text(f"payload={context.args[0]}")

    app = (
        Application.builder()
        .token(TOKEN)
        .request(SandboxRequest(state))
        .get_updates_request(SandboxRequest(state))
        .updater(None)
        .build()
    )
    app.add_handler(CommandHandler("start", start))
    ana = state.user(1001, "Ana", language_code="es")

    async with app:
        ana.start("abc")
        (update,) = await app.bot.get_updates()
        await app.process_update(update)

    assert [m.text for m in ana.messages()] == ["payload=abc"]


async def test_application_polling_end_to_end() -> None:
    state = TelegramState(monotonic=FrozenTime())  # an open long poll never ends by itself

    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Took it", callback_data="took")]])
        await update.effective_message.reply_text("Reminder", reply_markup=keyboard)

    async def tapped(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.callback_query.answer("Thanks")
        await update.callback_query.edit_message_text("Logged ✓")

    app = (
        Application.builder()
        .token(TOKEN)
        .request(SandboxRequest(state))
        .get_updates_request(SandboxRequest(state))
        .build()
    )
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(tapped))
    ana = state.user(1001, "Ana")

    async with app:
        await app.start()
        await app.updater.start_polling(poll_interval=0, timeout=5)
        ana.start()
        await state.wait_for(lambda: ana.buttons() if ana.messages() else None, GUARD)
        ana.tap("Took it")
        await state.wait_for(lambda: ana.texts() == ["Logged ✓"], GUARD)
        await state.wait_for(lambda: state.waiting_poll() is not None, GUARD)
        # The open long poll would wait forever: stopping must not wait for it.
        await asyncio.wait_for(app.updater.stop(), GUARD)
        await app.stop()

    assert ana.last_answer()["text"] == "Thanks"
    assert ana.last().buttons == []

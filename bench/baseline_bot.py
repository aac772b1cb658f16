"""The baseline of bench_compare: a weekly check-in bot written the way most PTB bots are.

    python bench/baseline_bot.py --patients chats.txt --due 2026-12-01T12:00:00+00:00

One JobQueue job per patient, as in PTB's timerbot example (`job_queue.run_daily`, one job
per chat, the callback sends one message), PTB's AIORateLimiter as its documentation
recommends for bots that send many messages, long polling with a /start handler, and every
default left alone (APScheduler's 1 s misfire grace, the limiter's max_retries=0). It keeps
nothing on disk. `chats.txt` holds one chat id a line; all of them are due weekly at `--due`.
TELEGRAM_BOT_TOKEN and TELEGRAM_API_BASE_URL come from the environment.

Nothing here imports Rapport: it is what one would write instead of it.
"""

from __future__ import annotations

import argparse
import logging
import os
from datetime import datetime
from pathlib import Path

from telegram import Update
from telegram.ext import AIORateLimiter, Application, CommandHandler, ContextTypes

CHECKIN_TEXT = "Time for your weekly check-in. How have you been this week?"

logging.basicConfig(
    format="%(asctime)s - %(name)s - %(levelname)s - %(message)s", level=logging.INFO
)
# As in PTB's examples: httpx would log every request at INFO.
logging.getLogger("httpx").setLevel(logging.WARNING)


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Greet a patient who opens the chat."""
    assert update.effective_message is not None
    await update.effective_message.reply_text("Hi! I will send you a check-in every week.")


async def checkin(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send the weekly check-in to the job's chat."""
    assert context.job is not None and context.job.chat_id is not None
    await context.bot.send_message(context.job.chat_id, text=CHECKIN_TEXT)


def schedule(application: Application, chat_ids: list[int], due: datetime) -> None:
    """One weekly job per patient, named after its chat as the timerbot names its timers."""
    assert application.job_queue is not None
    weekday = due.isoweekday() % 7  # PTB counts days from Sunday = 0
    for chat_id in chat_ids:
        application.job_queue.run_daily(
            checkin, time=due.timetz(), days=(weekday,), chat_id=chat_id, name=str(chat_id)
        )


def main(argv: list[str] | None = None) -> None:
    """Read the patients and the due time, schedule their jobs, poll until stopped."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--patients", type=Path, required=True, help="one chat id a line")
    parser.add_argument("--due", type=datetime.fromisoformat, required=True, help="ISO, aware")
    args = parser.parse_args(argv)
    chat_ids = [int(line) for line in args.patients.read_text().split()]
    application = (
        Application.builder()
        .token(os.environ["TELEGRAM_BOT_TOKEN"])
        .base_url(os.environ.get("TELEGRAM_API_BASE_URL", "https://api.telegram.org/bot"))
        .rate_limiter(AIORateLimiter())
        .build()
    )
    application.add_handler(CommandHandler("start", start))
    schedule(application, chat_ids, args.due)
    application.run_polling(allowed_updates=Update.ALL_TYPES)


if __name__ == "__main__":
    main()

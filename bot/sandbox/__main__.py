"""Run the sandbox Bot API in the foreground: python -m bot.sandbox --port 8081 --token 123:ABC.

A fake Telegram for a separately started `rapport run` (TELEGRAM_API_BASE_URL=<base_url>): the
real process, its wall-clock tick and its settings, without Telegram. With --chat, stdin lines
are sent to the bot as one user (--user-id, --name, --language; default "Ana", 1001, es);
":tap LABEL" taps an inline button, ":block"/":unblock" toggle blocking; bot messages are
printed as they arrive. --limits telegram enforces Telegram's flood limits (429 retry_after)
and --latency-ms N adds a network round trip to every call. To play patients, clinicians and
staff with buttons, documents and a clock you move, use
`rapport sandbox --serve` (or `rapport demo --serve`) instead.
"""

from __future__ import annotations

import argparse
import sys
import threading

from bot.sandbox.limits import TELEGRAM
from bot.sandbox.server import SandboxServer
from bot.sandbox.state import TelegramState
from bot.sandbox.user import SimUser


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, serve until Ctrl+C."""
    parser = argparse.ArgumentParser(prog="python -m bot.sandbox", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--token", default=None, help="accept only this token (default: any)")
    parser.add_argument("--chat", action="store_true", help="talk to the bot from stdin")
    parser.add_argument("--user-id", type=int, default=1001, help="who --chat is (Telegram id)")
    parser.add_argument("--name", default="Ana", help="their first name")
    parser.add_argument("--language", default="es", help="their Telegram language")
    parser.add_argument(
        "--limits",
        choices=("telegram", "off"),
        default="off",
        help="telegram: 30 calls/s, 1/s per chat, 20/min per group, else 429 (default off)",
    )
    parser.add_argument(
        "--latency-ms", type=_latency, default=0.0, help="added round trip per call (default 0)"
    )
    args = parser.parse_args(argv)
    state = TelegramState(limits=TELEGRAM if args.limits == "telegram" else None)
    server = SandboxServer(
        state, host=args.host, port=args.port, token=args.token, latency_ms=args.latency_ms
    )
    with server:
        print(
            f"Sandbox Bot API: base_url={server.base_url} "
            f"base_file_url={server.base_file_url} token={args.token or '<any>'} "
            f"limits={args.limits} latency={args.latency_ms:g} ms",
            flush=True,
        )
        try:
            if args.chat:
                _chat(state.user(args.user_id, args.name, language_code=args.language))
            else:
                threading.Event().wait()
        except (KeyboardInterrupt, EOFError):
            pass
    return 0


def _latency(text: str) -> float:
    value = float(text)
    if value < 0:
        raise argparse.ArgumentTypeError("--latency-ms cannot be negative")
    return value


def _chat(user: SimUser) -> None:
    threading.Thread(target=_print_bot_messages, args=(user,), daemon=True).start()
    for line in sys.stdin:
        line = line.rstrip("\n")
        try:
            if line.startswith(":tap "):
                user.tap(line[5:])
            elif line in (":block", ":unblock"):
                user.block() if line == ":block" else user.unblock()
            elif line:
                user.send(line)
        except LookupError as exc:
            print(f"! {exc}", flush=True)


def _print_bot_messages(user: SimUser) -> None:
    seen: dict[int, str] = {}
    while True:
        current = user.state.wait_until(lambda old=seen: _changed_snapshot(user, old), 3600)
        for message_id, shown in current.items():
            if seen.get(message_id) != shown:
                print(f"bot [{message_id}]: {shown}", flush=True)
        seen = current


def _changed_snapshot(user: SimUser, old: dict[int, str]) -> dict[int, str] | None:
    current = _snapshot(user)
    return current if current != old else None


def _snapshot(user: SimUser) -> dict[int, str]:
    return {
        m.message_id: m.text + (f"  {m.buttons}" if m.buttons else "") for m in user.messages()
    }


if __name__ == "__main__":
    raise SystemExit(main())

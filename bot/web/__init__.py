"""The web view: clinicians read and act, staff configure, anyone can try the bot.

Served by the `rapport run` process (Starlette on uvicorn, in the bot's event loop), with the
Telegram webhook on the same app. Pages are plain HTML: they read without JavaScript, on a
phone and in print; nothing is loaded from the internet.
"""

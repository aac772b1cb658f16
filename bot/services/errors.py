"""Errors use cases raise for people to read."""


class InputError(Exception):
    """Staff input that cannot be accepted; the message is one line for the CLI."""

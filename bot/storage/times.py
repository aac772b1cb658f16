"""Times are stored as ISO 8601 text in UTC."""

from datetime import UTC, datetime


def iso(when: datetime) -> str:
    """Aware datetime -> stored text."""
    if when.tzinfo is None:
        raise ValueError("naive datetime reached storage")
    return when.astimezone(UTC).isoformat()


def parse(text: str | None) -> datetime | None:
    """Stored text -> aware UTC datetime."""
    return None if text is None else datetime.fromisoformat(text).astimezone(UTC)

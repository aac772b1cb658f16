"""Rapport: keeps a psychiatric prescriber in touch with what patients mean by their medication."""

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _data_dir(name: str) -> Path:
    """An installed wheel ships the folder inside the package; a checkout keeps it at the top."""
    installed = _PACKAGE / name
    return installed if installed.is_dir() else _PACKAGE.parent / name


DIALOGS_DIR = _data_dir("dialogs")
LOCALES_DIR = _data_dir("locales")
MIGRATIONS_DIR = _data_dir("migrations")

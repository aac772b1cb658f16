"""Rapport: keeps a psychiatric prescriber in touch with what patients mean by their medication."""

from pathlib import Path

# Data directories ship beside the package in a source checkout (the supported install).
ROOT = Path(__file__).resolve().parent.parent
DIALOGS_DIR = ROOT / "dialogs"
LOCALES_DIR = ROOT / "locales"
MIGRATIONS_DIR = ROOT / "migrations"

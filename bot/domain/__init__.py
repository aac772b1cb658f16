"""Pure, synchronous rules of Rapport: no I/O but reading dialog files, no clock, no Telegram."""

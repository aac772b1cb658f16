"""Use cases: domain + storage + the Messenger port + the clock."""

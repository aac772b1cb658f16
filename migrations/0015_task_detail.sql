-- A same-day task can also come from a medication red flag whose level is "same_day"
-- (bot/domain/redflags.toml: lamotrigine stopped for more than two days): it names the
-- medicine, the flag and the window, as an alert does. Staff data, no patient words.
ALTER TABLE tasks ADD COLUMN drug TEXT;
ALTER TABLE tasks ADD COLUMN flag TEXT;
ALTER TABLE tasks ADD COLUMN flag_window TEXT;

"""Pure domain rules of the GES emulator: no HTTP, no SQLite; times are aware datetimes."""

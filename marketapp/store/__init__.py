"""Opening the SQLite file, pragmas, migrations."""

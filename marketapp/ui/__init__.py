"""PySide6 front end."""

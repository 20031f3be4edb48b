"""The app around the screens: start-up and shutdown (lifecycle), the main window with its
pages and status bar, the session (data file, signed-in operator, what changed), the one way a
page acts on core (actions), background tasks, sign-in, translations and fonts.
"""

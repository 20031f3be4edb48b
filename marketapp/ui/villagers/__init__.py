"""The villagers page (村民, F4): search, edit, history, same-person merge, duplicates.
"""

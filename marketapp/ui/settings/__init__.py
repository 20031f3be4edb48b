"""The settings page (设置, F7): township, villages, the catalogue editor, sign-in,
retention, backup folder.
"""

"""Backups of the data file: one copy made safely (snapshot), the policy of when, where and
which are kept and how one is restored (policy), and the second folder on a USB stick
(mirror)."""

"""CLI subcommands, one module each; registered in marketapp.cli. ``data_file`` says how a
command opens the data file (readers read-only, writers under the app's lock after its start
check); ``signin`` asks for an operator's PIN when sign-in is on.

A command imports what it needs inside its function: ``marketapp --help``, ``marketapp
doctor`` and the app's plain start load none of the others' modules (reportlab, openpyxl,
the merge…), which is most of a command's start-up."""

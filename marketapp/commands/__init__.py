"""CLI subcommands, one module each; registered in marketapp.cli."""

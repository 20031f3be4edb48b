"""PDF and spreadsheet output: pure functions of data, no Qt."""

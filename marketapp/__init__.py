"""marketapp: the desktop app that runs a rural service market day (服务集市)."""

__version__ = "0.1.0"

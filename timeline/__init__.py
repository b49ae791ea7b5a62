"""timeline: a diplomatic-event timeline database."""

__version__ = "0.1.0"

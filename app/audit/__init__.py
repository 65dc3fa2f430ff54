"""Audit trail: who read or did what to another person's data, and when (never the content)."""

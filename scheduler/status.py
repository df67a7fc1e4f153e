"""`coachbot status` is a read use case now: services/status.py (kept here for its callers)."""

from services.status import StatusCounts, render_status, status_counts

__all__ = ["StatusCounts", "render_status", "status_counts"]

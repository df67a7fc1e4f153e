"""What a scheduler pass did; the report and the outcome log live with the use cases."""

from services.outcomes import TickReport, outcome

__all__ = ["TickReport", "outcome"]

"""Use cases: one call per intent of the runner or the scheduler, one transaction each."""

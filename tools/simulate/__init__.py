"""`coachbot simulate`: a runner described by a spec through the real coach, week by week.

A developer tool, not part of the bot: `coachbot simulate …` reaches `tools.simulate.cli`
through the "coachbot.tools" entry point (pyproject.toml), so the product never imports it.
Modules: `core` (the run), `spec` (the JSON spec), `chat` (text said as the runner),
`rows` (what a run shows), `cli` (the command line); the named runners are in `runners/`.
"""

from tools.simulate.core import (
           RUNNERS,
           Note,
           Row,
           Run,
           Said,
           reported,
           runner,
           runner_names,
           simulate,
)

__all__ = ["RUNNERS", "Note", "Row", "Run", "Said", "reported", "runner", "runner_names",
           "simulate"]

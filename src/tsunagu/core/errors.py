"""Errors shared by every import and loader."""

from __future__ import annotations


class DataProblems(ValueError):
    """Data that cannot be loaded. `problems` says, in Japanese, which file, line and field is
    wrong and what to do; loaders raise it before writing anything (all or nothing)."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))

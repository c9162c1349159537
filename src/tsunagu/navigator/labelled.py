"""The project's labelled sentences: where they live and how they are read.

Each file is JSON lines {"text": "...", "crisis": true|false, "codes": ["main", ...]}; the
first code is the main one, and an empty list means "no particular trouble".

- data/navigator/labelled_texts.jsonl: the set the lexicon is held to (make eval);
- data/navigator/training/: sentences written for the models to learn from;
- data/navigator/blind/: sets written by people who had not seen the analyser, each measured
  once before anything was tuned on it (docs/performance.md), then learnt from too.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings


@dataclass(frozen=True)
class Example:
    line: int
    text: str
    crisis: bool
    codes: tuple[str, ...]


def data_dir() -> Path:
    return settings.TSUNAGU_DATA_DIR / "navigator"


def labelled_texts_path() -> Path:
    return data_dir() / "labelled_texts.jsonl"


def blind_sets() -> list[Path]:
    """In the order they were written (set_2 before set_10)."""
    return sorted((data_dir() / "blind").glob("*.jsonl"), key=lambda p: (len(p.name), p.name))


def training_files() -> list[Path]:
    """Everything the models learn from."""
    return [
        labelled_texts_path(),
        *sorted((data_dir() / "training").glob("*.jsonl")),
        *blind_sets(),
    ]


def digest(paths: Iterable[Path]) -> str:
    """One hash of the files' names and contents: what a trained model records it learnt."""
    hasher = hashlib.sha256()
    for path in paths:
        hasher.update(path.name.encode())
        hasher.update(path.read_bytes())
    return hasher.hexdigest()


def read_examples(path: Path) -> list[Example]:
    """Read a labelled file; a bad line raises ValueError naming the file and the line."""
    examples = []
    with path.open(encoding="utf-8") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                data = json.loads(raw)
                examples.append(
                    Example(number, str(data["text"]), bool(data["crisis"]), tuple(data["codes"]))
                )
            except (ValueError, KeyError, TypeError) as error:
                raise ValueError(f"{path.name} {number}行目: {error}") from error
    return examples


def read_all(paths: Iterable[Path]) -> list[Example]:
    return [example for path in paths for example in read_examples(path)]

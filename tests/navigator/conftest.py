import datetime as dt

import pytest

from tsunagu.directory.hours import TOKYO
from tsunagu.directory.sample import load_osaka_sample
from tsunagu.directory.services import load_national_lines
from tsunagu.navigator.labelled import Example

KITA = "271276"  # 北区 (data/osaka_wards.csv)
# A Wednesday morning in office hours, and the same Wednesday at night.
OFFICE_HOURS = dt.datetime(2026, 11, 25, 10, 0, tzinfo=TOKYO)
NIGHT = dt.datetime(2026, 11, 25, 22, 0, tzinfo=TOKYO)


def labelled(*rows: tuple[str, bool, tuple[str, ...]]) -> list[Example]:
    """Labelled sentences for training toy models: (text, crisis, codes), numbered from 1."""
    return [Example(n, text, crisis, codes) for n, (text, crisis, codes) in enumerate(rows, 1)]


@pytest.fixture
def directory(areas):
    """The shipped national lines and the invented Osaka sample entries."""
    load_national_lines()
    load_osaka_sample()

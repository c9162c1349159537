"""Operations of the navigator that the pages, the API and the commands all call.

Free text a resident typed is analysed in memory and dropped: no function here stores it,
logs it or passes it anywhere else.
"""

from __future__ import annotations

from .analysis import MAX_TEXT_LENGTH, Analysis, analyse


class TextTooLong(ValueError):
    """The text is over the limit; the message says how to fix it."""


def analyze_text(text: str) -> Analysis:
    """Crisis or not, and the trouble codes the words point to, strongest first."""
    if len(text) > MAX_TEXT_LENGTH:
        raise TextTooLong(
            f"文章が長すぎます（{len(text)}文字）。{MAX_TEXT_LENGTH}文字以内に短くしてください。"
        )
    return analyse(text)

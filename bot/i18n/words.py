"""Shortening text to fit a limit without cutting a word in half, in any language."""

from __future__ import annotations

import unicodedata

ELLIPSIS = "…"
# Punctuation left dangling before the "…" reads as a mistake: "Madrid, …" is shown "Madrid…".
_TRAILING = " \t\n,;:-–—(/·"


def shorten(text: str, limit: int) -> str:
    """`text` if it fits in `limit` characters, else its longest start ending at a word, then "…".

    Scripts written without spaces (Chinese, Japanese, Thai) and a single word longer than the
    limit are cut between characters, never inside one (a base letter keeps its accents).
    """
    if len(text) <= limit:
        return text
    if limit <= len(ELLIPSIS):
        return ELLIPSIS[:limit]
    room = limit - len(ELLIPSIS)
    head = text[:room]
    # A cut right before a space, or at the end of the room when the next character is a space, ends a word.
    if not text[room].isspace():
        space = max(head.rfind(c) for c in (" ", "\n", "\t", "\u3000"))
        if space > 0:
            head = head[:space]
        else:
            while head and unicodedata.combining(text[len(head)]):
                head = head[:-1]
    return head.rstrip(_TRAILING) + ELLIPSIS


def first_words(text: str, limit: int) -> str:
    """The start of `text` on one line, at most `limit` characters, cut at a word: a short label."""
    return shorten(" ".join(text.split()), limit)

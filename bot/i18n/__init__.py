"""Every string the bot shows, in its reader's language: catalogues keyed by message, English the source.

Code without Discord says what to show as a `Text` (a key and values); the Discord layer picks a
`Language` from the reader's locale (their own screens) or the server's (what the channel sees).
"""

from bot.i18n.catalogue import ENGLISH, LANGUAGES, Language, Plural, language, translated
from bot.i18n.text import Share, Text, percent, text
from bot.i18n.words import first_words, shorten

__all__ = [
    "ENGLISH",
    "LANGUAGES",
    "Language",
    "Plural",
    "Share",
    "Text",
    "first_words",
    "language",
    "percent",
    "shorten",
    "text",
    "translated",
]

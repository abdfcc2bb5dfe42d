"""Slash commands in each person's language: names, descriptions and choices from `commands.*`.

Discord shows a command's localisations to people whose app is in that language, and the default
(English) to everyone else. The English is read from the catalogue where each command is declared,
with `about(...)`; the translator finds the same key from where Discord asks about a string.
"""

from __future__ import annotations

import discord
from discord import app_commands

from bot.i18n import ENGLISH, translated

Where = app_commands.TranslationContextLocation
_NAMES = frozenset({Where.command_name, Where.group_name, Where.parameter_name})


def command_key(path: str) -> str:
    """`"quiz start"` → `commands.quiz.start`; `"quiz start:closes"` → `…start.options.closes`."""
    command, _, option = path.partition(":")
    key = "commands." + command.replace(" ", ".")
    return f"{key}.options.{option}" if option else key


def about(path: str) -> str:
    """The English description of a command (`"quiz start"`) or of an option (`"quiz start:closes"`)."""
    return ENGLISH(command_key(path) + ".about")


def choice_key(value: object) -> str:
    return f"choices.{value}"


def key_of(context: app_commands.TranslationContextTypes) -> str | None:
    """The catalogue key of the string Discord asks about, or None for strings this bot doesn't translate."""
    data, location = context.data, context.location
    part = "name" if location in _NAMES else "about"
    if isinstance(data, app_commands.Command | app_commands.Group):
        return f"{command_key(data.qualified_name)}.{part}"
    if isinstance(data, app_commands.Parameter):
        return f"{command_key(f'{data.command.qualified_name}:{data.name}')}.{part}"
    if isinstance(data, app_commands.Choice):
        return choice_key(data.value)
    return None


class CatalogueTranslator(app_commands.Translator):
    """Translates the `/` menu from the shipped catalogues; English stays as declared."""

    async def translate(
        self,
        string: app_commands.locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        lang = translated(locale.value)
        key = key_of(context)
        if lang is None or key is None:
            return None
        # Only the language's own words: a missing one falls back to Discord's default, the English.
        message = lang.messages.get(key)
        return message if isinstance(message, str) else None

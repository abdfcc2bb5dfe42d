"""Slash commands as Discord stores them: the checks a bulk overwrite must pass, and lookups by path."""

from __future__ import annotations

import unicodedata
from typing import Any

# fmt: off
LOCALES = frozenset((
    "id", "da", "de", "en-GB", "en-US", "es-ES", "es-419", "fr", "hr", "it", "lt", "hu", "nl", "no", "pl",
    "pt-BR", "ro", "fi", "sv-SE", "vi", "tr", "cs", "el", "bg", "ru", "uk", "hi", "th", "zh-CN", "ja",
    "zh-TW", "ko",
))
# fmt: on
COMMANDS = 100
OPTIONS = 25
NAME = 32
DESCRIPTION = 100
CHOICES = 25
CHOICE_NAME = 100
SUBCOMMAND, GROUP = 1, 2


def _name_problem(name: Any) -> str | None:
    """Discord's rule for chat-input names: ^[-_'\\p{L}\\p{N}\\p{sc=Deva}\\p{sc=Thai}]{1,32}$, lowercase."""
    if not isinstance(name, str) or not 1 <= len(name) <= NAME:
        return f"Must be between 1 and {NAME} in length."
    for ch in name:
        allowed = (
            ch in "-_'"
            or unicodedata.category(ch)[0] in "LN"
            or "\u0900" <= ch <= "\u097f"
            or "\u0e00" <= ch <= "\u0e7f"
        )
        if not allowed or ch.lower() != ch:
            return "Command name is invalid"
    return None


def _text_problem(text: Any, limit: int) -> str | None:
    if not isinstance(text, str) or not 1 <= len(text) <= limit:
        return f"Must be between 1 and {limit} in length."
    return None


def _localized(node: dict[str, Any], where: str, found: dict[str, tuple[str, str]], name_rule: bool) -> None:
    for key, limit in (("name_localizations", NAME), ("description_localizations", DESCRIPTION)):
        for locale, text in (node.get(key) or {}).items():
            path = f"{where}{key}.{locale}"
            if locale not in LOCALES:
                found[path] = ("ENUM_TYPE_COERCE", f'Value "{locale}" is not a valid enum value.')
                continue
            problem = _name_problem(text) if key == "name_localizations" and name_rule else None
            problem = problem or _text_problem(text, limit)
            if problem:
                found[path] = ("BASE_TYPE_BAD_LENGTH", problem)


def _check_node(node: dict[str, Any], where: str, found: dict[str, tuple[str, str]], named: bool) -> None:
    """A command, subcommand, group or option: its name, description and localizations."""
    problem = _name_problem(node.get("name")) if named else _text_problem(node.get("name"), NAME)
    if problem:
        found[f"{where}name"] = ("APPLICATION_COMMAND_INVALID_NAME", problem)
    if named:
        problem = _text_problem(node.get("description"), DESCRIPTION)
        if problem:
            found[f"{where}description"] = ("BASE_TYPE_BAD_LENGTH", problem)
    _localized(node, where, found, named)


def _check_options(options: list[dict[str, Any]], where: str, found: dict[str, tuple[str, str]]) -> None:
    if len(options) > OPTIONS:
        found[f"{where}options"] = ("BASE_TYPE_MAX_LENGTH", f"Must be {OPTIONS} or fewer in length.")
    seen: set[str] = set()
    optional_seen = False
    for j, option in enumerate(options):
        at = f"{where}options.{j}."
        _check_node(option, at, found, named=True)
        if option.get("name") in seen:
            found[f"{at}name"] = (
                "APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS",
                "Option names must be unique",
            )
        seen.add(option.get("name", ""))
        if option.get("type") in (SUBCOMMAND, GROUP):
            _check_options(option.get("options") or [], at, found)
            continue
        if option.get("required"):
            if optional_seen:
                found[f"{at}required"] = (
                    "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
                    "Required options must be placed before non-required options",
                )
        else:
            optional_seen = True
        choices = option.get("choices") or []
        if len(choices) > CHOICES:
            found[f"{at}choices"] = ("BASE_TYPE_MAX_LENGTH", f"Must be {CHOICES} or fewer in length.")
        for k, choice in enumerate(choices):
            problem = _text_problem(choice.get("name"), CHOICE_NAME)
            if problem:
                found[f"{at}choices.{k}.name"] = ("BASE_TYPE_BAD_LENGTH", problem)
            for locale in choice.get("name_localizations") or {}:
                if locale not in LOCALES:
                    found[f"{at}choices.{k}.name_localizations.{locale}"] = (
                        "ENUM_TYPE_COERCE",
                        f'Value "{locale}" is not a valid enum value.',
                    )


def problems(commands: Any) -> dict[str, tuple[str, str]]:
    """Field path -> (code, message) for a bulk overwrite body; empty when Discord would take it."""
    if not isinstance(commands, list):
        return {"_root": ("LIST_TYPE_CONVERT", "Only iterables may be used in a ListType")}
    found: dict[str, tuple[str, str]] = {}
    if len(commands) > COMMANDS:
        found["_root"] = ("BASE_TYPE_MAX_LENGTH", f"Must be {COMMANDS} or fewer in length.")
    names: set[tuple[int, str]] = set()
    for i, command in enumerate(commands):
        kind = command.get("type", 1)
        chat_input = kind == 1
        _check_node(command, f"{i}.", found, named=chat_input)
        if (kind, command.get("name", "")) in names:
            found[f"{i}.name"] = (
                "APPLICATION_COMMANDS_DUPLICATE_NAME",
                "Application command names must be unique",
            )
        names.add((kind, command.get("name", "")))
        if chat_input:
            _check_options(command.get("options") or [], f"{i}.", found)
    return found


def find(commands: dict[str, dict[str, Any]], path: str) -> dict[str, Any]:
    """The command, subcommand, group or option that `path` names: "quiz", "quiz start lesson"."""
    first, *rest = path.split()
    if first not in commands:
        raise AssertionError(f"no command /{first} was synced")
    node = commands[first]
    for part in rest:
        child = next((o for o in node.get("options") or [] if o["name"] == part), None)
        if child is None:
            raise AssertionError(f"/{path}: {node['name']} has no {part!r}")
        node = child
    return node


def localized(node: dict[str, Any], locale: str) -> tuple[str, str]:
    """(name, description) as a person whose Discord is in `locale` sees them."""
    name = (node.get("name_localizations") or {}).get(locale, node["name"])
    description = (node.get("description_localizations") or {}).get(locale, node.get("description", ""))
    return name, description


def localized_choices(node: dict[str, Any], locale: str) -> list[str]:
    return [(c.get("name_localizations") or {}).get(locale, c["name"]) for c in node.get("choices") or []]


class Registry:
    """The commands a bulk overwrite stored, per scope: global (None) or one server's id."""

    def __init__(self) -> None:
        self.commands: dict[str, dict[str, Any]] = {}  # by name, whichever scope synced it last
        self.scope: dict[str, int | None] = {}
        self._scoped: dict[int | None, dict[str, dict[str, Any]]] = {}

    def scoped(self, guild: int | None) -> dict[str, dict[str, Any]]:
        return dict(self._scoped.get(guild, {}))

    def replace(self, guild: int | None, synced: dict[str, dict[str, Any]]) -> None:
        for name in self._scoped.get(guild, {}):
            if name not in synced and self.scope.get(name, -1) == guild:
                del self.commands[name], self.scope[name]
        self._scoped[guild] = synced
        for name, command in synced.items():
            self.commands[name] = command
            self.scope[name] = guild

    def visible(self, guild: int | None) -> dict[str, dict[str, Any]]:
        """What a person sees in a server (global commands and the server's own), or in a DM (None)."""
        return {**self._scoped.get(None, {}), **(self._scoped.get(guild, {}) if guild else {})}

    def find(self, path: str, *, guild: int | None = None) -> dict[str, Any]:
        """The synced command, subcommand or option at `path` ("quiz start lesson"), as stored."""
        return find(self.visible(guild) if guild else self.commands, path)

    def localized(self, path: str, locale: str, *, guild: int | None = None) -> tuple[str, str]:
        """(name, description) of `path` as someone whose Discord is in `locale` sees them."""
        return localized(self.find(path, guild=guild), locale)

    def localized_choices(self, path: str, locale: str, *, guild: int | None = None) -> list[str]:
        return localized_choices(self.find(path, guild=guild), locale)

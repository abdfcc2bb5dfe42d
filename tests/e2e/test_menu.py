"""The `/` menu in Spanish: names, descriptions and choices in the commands the bot syncs."""

from typing import Any

from bot.exts.translator import choice_key, command_key
from bot.i18n import ENGLISH, language

SPANISH = language("es-ES")


def walk(node: dict[str, Any], path: str) -> list[tuple[str, dict[str, Any]]]:
    """Every command, subcommand and option under `node`, with its `about(...)` path."""
    found = [(path, node)]
    for option in node.get("options") or []:
        if option.get("type") in (1, 2):  # a subcommand or a group
            found += walk(option, f"{path} {option['name']}")
        else:
            found.append((f"{path}:{option['name']}", option))
    return found


async def test_a_spanish_teacher_sees_spanish_in_the_menu(classroom):
    synced = classroom.fake.synced
    assert synced.localized("quiz", "es-ES") == ("cuestionario", "Abrir y cerrar cuestionarios.")
    assert synced.localized("quiz start", "es-ES")[0] == "abrir"
    assert synced.localized("lesson post", "es-ES")[0] == "publicar"
    assert synced.localized("progress", "es-419") == ("progreso", SPANISH("commands.progress.about"))
    assert synced.localized("quiz start closes", "es-ES")[0] == "cierre"
    assert synced.localized_choices("quiz start grade", "es-ES") == ["el mejor", "el último", "el primero"]
    # Everyone else keeps the English the commands are declared with.
    assert synced.localized("quiz start", "fr") == ("start", ENGLISH("commands.quiz.start.about"))
    assert classroom.fake.rejected() == []  # every localised name is one Discord accepts


async def test_every_command_and_option_comes_from_the_catalogue_in_both_languages(classroom):
    for command in classroom.fake.synced.commands.values():
        for path, node in walk(command, command["name"]):
            key = command_key(path)
            assert node["name"] == ENGLISH(f"{key}.name"), path
            assert node["description"] == ENGLISH(f"{key}.about"), path
            for locale in ("es-ES", "es-419"):
                assert node["name_localizations"][locale] == SPANISH(f"{key}.name"), path
                assert node["description_localizations"][locale] == SPANISH(f"{key}.about"), path
            for choice in node.get("choices") or []:
                assert choice["name"] == ENGLISH(choice_key(choice["value"]))
                assert choice["name_localizations"]["es-ES"] == SPANISH(choice_key(choice["value"]))

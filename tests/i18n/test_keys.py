"""Every catalogue key the bot's code names literally is in the English catalogue.

A key missing from messages.pot is a KeyError only when its message is shown, perhaps to a student
mid-quiz; reading the code's calls finds it here. Keys built at run time (f-strings) are out of reach.
"""

import ast
from collections.abc import Iterator
from pathlib import Path

from bot.i18n import ENGLISH

BOT = Path(__file__).parents[2] / "bot"
# Callables whose first argument is a key: text() and Text() make a Text; a Language is called as
# `lang(...)`, `ENGLISH(...)` or `self(...)` within it, or straight off `reader_of(i)(...)`.
SAYERS = frozenset({"text", "Text", "lang", "ENGLISH", "self"})
# Calls whose last positional argument is a lesson problem's reason, the key `problem.<reason>`.
REASONERS = frozenset({"problem", "fail", "pattern"})


def _name(call: ast.Call) -> str:
    if isinstance(call.func, ast.Call):
        return "self"  # a Language just made, as in reader_of(interaction)("lesson.cancelled")
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return call.func.id if isinstance(call.func, ast.Name) else ""


def _literals(node: ast.expr) -> Iterator[str]:
    """The strings an argument can be: itself, or either branch of `"a" if x else "b"`."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value
    elif isinstance(node, ast.IfExp):
        yield from _literals(node.body)
        yield from _literals(node.orelse)


def _calls() -> Iterator[tuple[str, ast.Call]]:
    for path in sorted(BOT.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
            if isinstance(node, ast.Call) and node.args:
                yield f"{path.relative_to(BOT.parent)}:{node.lineno}", node


def named_keys() -> list[tuple[str, str]]:
    """(place, key) for every key the code names, said or as a problem's reason."""
    found = []
    for place, call in _calls():
        name = _name(call)
        if name in SAYERS:
            # cli.py's own say() prints plain text: a key has a section, so it has a dot.
            found += [(place, key) for key in _literals(call.args[0]) if "." in key and " " not in key]
        elif name in REASONERS:
            found += [(place, f"problem.{reason}") for reason in _literals(call.args[-1])]
    return found


KEYS = named_keys()


def test_the_code_names_keys_of_every_kind():
    # Guards against the search quietly finding nothing after a rename.
    keys = {key for _, key in KEYS}
    assert len(keys) > 200
    assert {"result.tries_left", "lesson.cancelled", "list.and", "problem.no_body_blank"} <= keys


def test_every_named_key_is_in_the_english_catalogue():
    missing = [f"{place}: {key}" for place, key in KEYS if key not in ENGLISH.messages]
    assert missing == []

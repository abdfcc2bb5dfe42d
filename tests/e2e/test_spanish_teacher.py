"""A teacher whose Discord is in Spanish reads the bot's refusals in Spanish: times typed after
`/quiz start closes:` and the problems of an uploaded or reloaded lesson file."""

import re
from datetime import timedelta

from tests.conftest import Classroom
from tests.fake_discord import Person


def spanish(classroom: Classroom) -> Person:
    return Person(classroom.fake, classroom.teacher.member, locale="es-ES")


async def test_a_refused_time_is_explained_in_spanish_with_the_english_to_type(classroom: Classroom):
    teacher = spanish(classroom)
    soon = (classroom.clock.now() + timedelta(days=2)).date().isoformat()
    examples = f"Escríbelo en inglés, así: `friday 17:00`, `in 2 days`, `{soon} 17:00`."
    numeric = await teacher.slash("quiz start", lesson="fine-tuning", closes="12/04")
    assert numeric.ephemeral
    assert numeric.text == (
        "En `12/04` no sé cuál es el día y cuál el mes. Escribe las fechas como año-mes-día, "
        f"y las horas con dos puntos, como `17:30`. {examples}"
    )
    past = await teacher.slash("quiz start", lesson="fine-tuning", closes="2020-01-01 10:00")
    assert past.text == (
        f"Eso ya ha pasado: lo he entendido como miércoles 1 de enero de 2020, 10:00 (UTC). {examples}"
    )
    backwards = await teacher.slash(
        "quiz start", lesson="fine-tuning", opens="in 3 hours", closes="in 1 hour"
    )
    assert backwards.text.startswith("El cuestionario se cerraría (")
    assert re.search(r"\(\w+ \d+ de \w+ de \d{4}, \d\d:\d\d \(UTC\)\) antes de abrirse", backwards.text)
    zone = await teacher.slash("settings timezone", zone="EST")
    assert "¿Querías decir `America/New_York`?" in zone.text
    assert not any(m.components for m in classroom.fake.messages.values())  # no card was posted

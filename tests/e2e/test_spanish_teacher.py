"""A teacher whose Discord is in Spanish reads the bot's refusals in Spanish: times typed after
`/quiz start closes:` and the problems of an uploaded or reloaded lesson file."""

import re
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.i18n import ENGLISH
from tests.conftest import Classroom
from tests.e2e.helpers import answer, question_on, take_quiz
from tests.e2e.test_lessons import VOLCANOES_TEXT
from tests.fake_discord import Person, Upload


@pytest.fixture
def environment_changes(lessons_folder: Path) -> dict[str, str]:
    return {"LESSONS_DIR": str(lessons_folder)}  # a folder of the test's own, which it breaks


def spanish(classroom: Classroom) -> Person:
    return Person(classroom.fake, classroom.teacher.member, locale="es-ES")


async def test_a_refused_time_is_explained_in_spanish_with_spanish_to_type(classroom: Classroom):
    teacher = spanish(classroom)
    soon = (classroom.clock.now() + timedelta(days=2)).date().isoformat()
    examples = f"Prueba así: `viernes 17:00`, `en 2 días`, `{soon} 17:00`."
    numeric = await teacher.slash("quiz start", lesson="fine-tuning", closes="32/04")
    assert numeric.ephemeral
    assert numeric.text == (
        "En `32/04` no sé cuál es el día y cuál el mes. Escribe las fechas como año-mes-día, "
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


async def test_a_broken_upload_is_explained_in_spanish(classroom: Classroom):
    teacher = spanish(classroom)
    broken = VOLCANOES_TEXT.replace("Image: https://example.org/magma.png", "Image: http://a").replace(
        "* Lava", "Lava"
    )
    refused = await teacher.slash("lesson add", file=Upload("volcanoes.txt", broken.encode()))
    assert refused.ephemeral
    assert refused.content == (
        "Todavía no puedo usar volcanoes.txt. Corrige esto y vuelve a subirlo:\n```\n"
        "volcanoes.txt: línea 7: sección 1: imagen: tiene que ser un enlace que empiece por https:// y sin "
        "espacios\n"
        "volcanoes.txt: línea 26: pregunta 3: respuesta: ninguna opción está marcada como correcta; "
        "pon * delante, o añade una línea 'Respuestas: 1B 2A'\n```"
    )


async def test_a_reload_names_the_broken_files_problems_in_spanish(
    classroom: Classroom, lessons_folder: Path
):
    teacher = spanish(classroom)
    (lessons_folder / "fine-tuning.toml").write_text(
        'id = "fine-tuning"\ntitle = "Fine-tuning"\nminutes = 0\n', "utf-8"
    )
    reloaded = await teacher.slash("lesson reload")
    assert reloaded.ephemeral
    problems = reloaded.content.split("```\n")[1].splitlines()
    assert problems[:3] == [
        "fine-tuning.toml: minutos: tiene que ser un número entero de 1 a 600",
        "fine-tuning.toml: secciones: falta (añade al menos una tabla [[sections]])",
        "fine-tuning.toml: preguntas: falta (añade al menos una tabla [[questions]])",
    ]


async def test_a_spanish_teachers_report_files_and_chart_description(classroom: Classroom, fine_tuning):
    await classroom.teacher.slash("quiz start", lesson="fine-tuning")
    alice = classroom.alice
    await take_quiz(alice, await alice.click("Start quiz"), fine_tuning, wrong={0})
    report = await spanish(classroom).slash("report")
    students = report.file("students.csv").data.decode("utf-8-sig")
    assert students.startswith(
        "nombre,id de usuario,id del centro,correo,estado,intentos,nota que cuenta,sobre,%,"
    )
    assert "Alice" in students
    # One student has finished: no chart, and a line in Spanish saying why.
    assert [f.filename for f in report.files] == ["students.csv", "questions.csv", "report.xlsx"]
    assert report.text.startswith("Sin gráfico: ha terminado 1 alumno, y un gráfico necesita al menos 5.")
    assert "Preguntas que conviene revisar" in report.text
    assert "P1" in report.embeds[1]["description"]


async def test_a_spanish_deadline_is_read_and_echoed_in_spanish(classroom: Classroom):
    teacher = spanish(classroom)
    await teacher.slash("settings timezone", zone="Europe/Madrid")
    card = await teacher.slash("quiz start", lesson="fine-tuning", closes="viernes 17:00")
    friday = datetime(2026, 12, 4, 17, 0, tzinfo=ZoneInfo("Europe/Madrid"))
    assert not card.ephemeral
    assert f"<t:{int(friday.timestamp())}:" in card.text
    said = await teacher.wait_for_text("Se cierra el")
    assert said.ephemeral
    assert "Se cierra el viernes 4 de diciembre de 2026, 17:00 (Europe/Madrid)." in said.text


@pytest.mark.parametrize(
    ("label", "closes"),
    [
        ("10 de diciembre", datetime(2026, 12, 10, 23, 59)),
        ("12 de octubre de 2027", datetime(2027, 10, 12, 23, 59)),
    ],
)
async def test_a_date_that_reads_two_ways_is_asked_with_two_buttons(
    classroom: Classroom, label: str, closes: datetime
):
    teacher = spanish(classroom)
    await teacher.slash("settings timezone", zone="Europe/Madrid")
    asked = await teacher.slash("quiz start", lesson="fine-tuning", closes="10/12", attempts=2)
    assert asked.ephemeral
    assert asked.text == "`10/12` se puede entender de dos maneras. ¿Cuál querías decir?"
    assert asked.labels == ["10 de diciembre", "12 de octubre de 2027"]
    # Only the waiting command's id and the moment each button stands for: no date text, no options.
    assert all(re.fullmatch(r"tutor:when:[0-9]+:[0-9]+", b["custom_id"]) for b in asked.buttons)
    assert not any(s.buttons for s in classroom.alice.screen())  # no quiz card until a date is picked

    card = await teacher.click(label, on=asked)
    deadline = closes.replace(tzinfo=ZoneInfo("Europe/Madrid"))
    assert not card.ephemeral
    assert f"<t:{int(deadline.timestamp())}:" in card.text
    # The attempts given with the command were kept while it waited.
    assert ENGLISH("quiz_card.tries", count=2) in card.text  # the card speaks the server's language
    said = await teacher.wait_for_text("Se cierra el")
    assert "(Europe/Madrid)." in said.text
    again = await teacher.click(label, on=asked)
    assert again.ephemeral
    assert "Esta elección ya no vale" in again.text


async def test_the_shuffle_given_with_a_date_that_reads_two_ways_is_kept_while_it_waits(
    classroom: Classroom, fine_tuning
):
    teacher = spanish(classroom)
    await teacher.slash("settings timezone", zone="Europe/Madrid")
    asked = await teacher.slash("quiz start", lesson="fine-tuning", closes="10/12", shuffle="questions")
    await teacher.click("10 de diciembre", on=asked)
    shown = await classroom.alice.click("Start quiz")
    order = []
    for _ in range(len(fine_tuning.questions)):
        order.append(question_on(shown, fine_tuning))
        shown = await answer(classroom.alice, shown, fine_tuning, right=True)
    assert order != list(fine_tuning.questions)  # her questions shuffled, as the command said

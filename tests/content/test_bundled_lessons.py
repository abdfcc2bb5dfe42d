"""Every lesson shipped in data/lessons loads cleanly, and the first one matches its source."""

from pathlib import Path

import pytest

from bot.content import load_lesson
from bot.content.loader import LESSON_SUFFIX
from tests.conftest import LESSONS, ROOT

# Beside the clone, or, from a git worktree under wt/, one folder further up.
_SEEDS = [base / "shared" / "seed" / "fine-tuning-lesson.txt" for base in (ROOT.parent, ROOT.parent.parent)]
SEED = next((path for path in _SEEDS if path.exists()), _SEEDS[0])
BUNDLED = sorted(LESSONS.glob(f"*{LESSON_SUFFIX}"))


def test_there_are_bundled_lessons():
    assert BUNDLED


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name)
def test_bundled_lesson_is_valid(path: Path):
    lesson = load_lesson(path)
    assert lesson.questions
    assert all(0 <= q.answer_index < len(q.options) for q in lesson.questions)


def _seed_lesson() -> tuple[list[str], list[tuple[str, list[str]]]]:
    lines = SEED.read_text(encoding="utf-8").splitlines()
    check = lines.index("End-of-lesson check")
    head, body = lines[:check], lines[check + 2 :]
    questions = []
    while body:
        chunk, body = body[:5], body[5:]
        questions.append((chunk[0], chunk[1:]))
    return head, questions


@pytest.mark.skipif(not SEED.exists(), reason="shared/seed is not beside this clone")
def test_fine_tuning_reproduces_the_seed_word_for_word(fine_tuning):
    head, questions = _seed_lesson()
    assert fine_tuning.title == head[0]
    assert head[1] == f"{fine_tuning.minutes} min · Reviewed {fine_tuning.reviewed}"
    sections = {"The big idea": head[3:4], "Some examples": head[5:9], "Try it!": head[10:11]}
    assert [s.heading for s in fine_tuning.sections] == list(sections)
    for section in fine_tuning.sections:
        assert section.body.splitlines() == sections[section.heading]
    assert len(fine_tuning.questions) == len(questions) == 15
    for question, (prompt, options) in zip(fine_tuning.questions, questions, strict=True):
        assert question.prompt == prompt
        if len(options) == 4:
            assert list(question.options) == options
        else:  # the seed kept only the right option of its last question
            assert question.answer == options[0]
            assert len(question.options) == 4


def test_fine_tuning_answers_as_decided(fine_tuning):
    answers = [q.answer for q in fine_tuning.questions]
    assert answers[0] == "A way to teach an existing AI to behave in a special way for a specific job"
    assert answers[9] == "Build an AI completely from scratch"
    assert answers[13] == "It stays in the AI and the fine-tuning adds more"
    assert all(q.explanation for q in fine_tuning.questions)

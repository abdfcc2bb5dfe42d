"""The /mydata file, built from a hand-made example."""

import json
from datetime import UTC, datetime, timedelta

from bot.report.mydata import (
    ABOUT,
    AnswerKept,
    AttemptKept,
    ExtraKept,
    LiveAnswerKept,
    MyData,
    QuizOpened,
    ReviewAnswerKept,
    ReviewItemKept,
    mydata_document,
    mydata_json,
    mydata_summary,
)

T = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
MINUTE = timedelta(minutes=1)
BIG = 1_234_567_890_123_456_789  # more than JavaScript's numbers hold exactly

ZOE = MyData(
    guild_id=BIG,
    user_id=BIG + 1,
    exported_at=T + timedelta(days=3),
    name="Zoë “Z” 张",
    name_seen_at=T,
    attempts=(
        AttemptKept(
            quiz_id=7,
            lesson_id="fine-tuning",
            lesson_title="Fine-tuning, explained",
            channel_id=BIG + 2,
            number=1,
            started_at=T,
            finished_at=T + 2 * MINUTE,
            score=1,
            questions=2,
            by_teacher=False,
            answers=(
                AnswerKept(1, 2, "Which is bigger?", "The whale", True, T + MINUTE),
                AnswerKept(2, 1, "What is 2 + 2?", "5", False, T + 2 * MINUTE),
            ),
        ),
        AttemptKept(
            quiz_id=9,
            lesson_id="volcanoes",
            lesson_title="Volcanoes",
            channel_id=BIG + 2,
            number=1,
            started_at=T + timedelta(days=1),
            finished_at=None,
            score=None,
            questions=3,
            by_teacher=False,
            answers=(AnswerKept(1, 3, None, None, None, T + timedelta(days=1, minutes=1)),),
        ),
    ),
    extras=(ExtraKept(9, "Volcanoes", 2, T + timedelta(days=5)),),
    live_answers=(LiveAnswerKept(BIG + 3, 2, "Plants give off…", "oxygen", T + timedelta(days=2)),),
)


def test_the_document_holds_everything_in_a_fixed_shape():
    assert mydata_document(ZOE) == {
        "about": ABOUT,
        "exported_at": "2026-12-05T10:00:00Z",
        "server_id": "1234567890123456789",
        "user_id": "1234567890123456790",
        "name": {"name": "Zoë “Z” 张", "last_seen_at": "2026-12-02T10:00:00Z"},
        "quiz_tries": [
            {
                "quiz_id": 7,
                "lesson_id": "fine-tuning",
                "lesson_title": "Fine-tuning, explained",
                "class_channel_id": "1234567890123456791",
                "try_number": 1,
                "started_at": "2026-12-02T10:00:00Z",
                "finished_at": "2026-12-02T10:02:00Z",
                "score": 1,
                "out_of": 2,
                "taken_as_teacher": False,
                "answers": [
                    {
                        "question_number": 1,
                        "lesson_question_number": 2,
                        "question": "Which is bigger?",
                        "your_answer": "The whale",
                        "right": True,
                        "answered_at": "2026-12-02T10:01:00Z",
                    },
                    {
                        "question_number": 2,
                        "lesson_question_number": 1,
                        "question": "What is 2 + 2?",
                        "your_answer": "5",
                        "right": False,
                        "answered_at": "2026-12-02T10:02:00Z",
                    },
                ],
            },
            {
                "quiz_id": 9,
                "lesson_id": "volcanoes",
                "lesson_title": "Volcanoes",
                "class_channel_id": "1234567890123456791",
                "try_number": 1,
                "started_at": "2026-12-03T10:00:00Z",
                "finished_at": None,
                "score": None,
                "out_of": 3,
                "taken_as_teacher": False,
                "answers": [
                    {
                        "question_number": 1,
                        "lesson_question_number": 3,
                        "question": None,
                        "your_answer": None,
                        "right": None,
                        "answered_at": "2026-12-03T10:01:00Z",
                    }
                ],
            },
        ],
        "live_class_answers": [
            {
                "live_class_id": "1234567890123456792",
                "question_number": 2,
                "question": "Plants give off…",
                "your_answer": "oxygen",
                "answered_at": "2026-12-04T10:00:00Z",
            }
        ],
        "extra_tries_or_time": [
            {
                "quiz_id": 9,
                "lesson_title": "Volcanoes",
                "extra_tries": 2,
                "extra_time_until": "2026-12-07T10:00:00Z",
            }
        ],
        "quizzes_you_opened": [],
        "extra_tries_or_time_you_gave": [],
        "lessons_you_published": [],
        "uploads_waiting": [],
        "school_id": None,
        "commands_waiting": 0,
        "spaced_review": {"reminders_on": False, "questions": [], "answers": []},
    }


def test_a_students_spaced_review_is_in_the_file_and_the_summary():
    student = MyData(
        guild_id=1,
        user_id=2,
        exported_at=T,
        name=None,
        name_seen_at=None,
        review_items=(ReviewItemKept("volcanoes", "q-1", "What is lava?", T.date(), 2, True, T),),
        review_answers=(ReviewAnswerKept("volcanoes", "q-1", "review", True, 0.82, T),),
        review_reminders=True,
    )
    review = mydata_document(student)["spaced_review"]
    assert review == {
        "reminders_on": True,
        "questions": [
            {
                "lesson_id": "volcanoes",
                "question_key": "q-1",
                "question": "What is lava?",
                "next_due_day": "2026-12-02",
                "times_answered": 2,
                "last_right": True,
                "last_answered_at": "2026-12-02T10:00:00Z",
            }
        ],
        "answers": [
            {
                "lesson_id": "volcanoes",
                "question_key": "q-1",
                "kind": "review",
                "right": True,
                "predicted_recall": 0.82,
                "answered_at": "2026-12-02T10:00:00Z",
            }
        ],
    }
    assert not student.empty
    assert "spaced review: 1 question and 1 answer given at review" in mydata_summary(student)


def test_the_file_is_utf8_json_that_parses_back_with_names_as_written():
    raw = mydata_json(ZOE)
    assert "Zoë “Z” 张".encode() in raw  # written as is, not as \\u escapes
    assert json.loads(raw.decode("utf-8")) == mydata_document(ZOE)


def test_a_teachers_file_lists_what_they_did_as_a_teacher():
    teacher = MyData(
        guild_id=1,
        user_id=2,
        exported_at=T,
        name="Ms Rivera",
        name_seen_at=T,
        quizzes_opened=(QuizOpened(7, "Volcanoes", 3, T),),
        extras_given=(ExtraKept(7, "Volcanoes", 1, None, student_id=BIG),),
    )
    document = mydata_document(teacher)
    assert document["quizzes_you_opened"] == [
        {
            "quiz_id": 7,
            "lesson_title": "Volcanoes",
            "class_channel_id": "3",
            "opened_at": "2026-12-02T10:00:00Z",
        }
    ]
    assert document["extra_tries_or_time_you_gave"] == [
        {
            "quiz_id": 7,
            "lesson_title": "Volcanoes",
            "extra_tries": 1,
            "extra_time_until": None,
            "student_id": "1234567890123456789",
        }
    ]
    assert "as a teacher: 1 quiz you opened and 1 note of extra tries or time you gave" in mydata_summary(
        teacher
    )


def test_the_message_says_what_is_in_the_file():
    assert mydata_summary(ZOE) == (
        "Here is everything I keep about you in this server, in the file `my-data.json`:\n"
        "• the name I know you by: Zoë “Z” 张\n"
        "• 2 quiz tries with 3 answers: each question, what you picked, whether it was right, and when\n"
        "• 1 answer in a live class still running (it becomes part of a quiz try when the class ends)\n"
        "• 1 note of extra tries or time from a teacher\n"
        "Right or wrong is left out for quizzes that show results only once they close."
    )


def test_nothing_kept_says_so():
    nobody = MyData(guild_id=1, user_id=2, exported_at=T, name=None, name_seen_at=None)
    assert nobody.empty
    assert mydata_summary(nobody) == "I keep nothing about you in this server. The file shows that."
    assert json.loads(mydata_json(nobody))["quiz_tries"] == []

-- Quizzes a teacher opened, attempts students made, and every answer they gave.
-- Everything is scoped by guild (server). Times are UTC ISO-8601 text.

CREATE TABLE quizzes (
    id          INTEGER PRIMARY KEY,
    guild_id    INTEGER NOT NULL,
    lesson_id   TEXT    NOT NULL,
    channel_id  INTEGER NOT NULL,
    opened_by   INTEGER NOT NULL,
    opened_at   TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    closed_at   TEXT
);
-- At most one open quiz per lesson per server.
CREATE UNIQUE INDEX quizzes_one_open ON quizzes (guild_id, lesson_id) WHERE closed_at IS NULL;

CREATE TABLE attempts (
    id              INTEGER PRIMARY KEY,
    guild_id        INTEGER NOT NULL,
    lesson_id       TEXT    NOT NULL,
    user_id         INTEGER NOT NULL,
    number          INTEGER NOT NULL CHECK (number >= 1),
    quiz_id         INTEGER NOT NULL REFERENCES quizzes (id),
    seed            INTEGER NOT NULL,
    question_count  INTEGER NOT NULL CHECK (question_count >= 1),
    started_at      TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    finished_at     TEXT,
    UNIQUE (guild_id, lesson_id, user_id, number)
);
-- At most one unfinished attempt per student per lesson, so "Start quiz" always resumes it.
CREATE UNIQUE INDEX attempts_one_open ON attempts (guild_id, lesson_id, user_id)
    WHERE finished_at IS NULL;
CREATE INDEX attempts_by_user ON attempts (guild_id, user_id);

CREATE TABLE answers (
    attempt_id      INTEGER NOT NULL REFERENCES attempts (id) ON DELETE CASCADE,
    position        INTEGER NOT NULL CHECK (position >= 0),
    question_index  INTEGER NOT NULL CHECK (question_index >= 0),
    option_index    INTEGER NOT NULL CHECK (option_index >= 0),
    correct         INTEGER NOT NULL CHECK (correct IN (0, 1)),
    answered_at     TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    -- One answer per question per attempt, whatever the application does.
    PRIMARY KEY (attempt_id, question_index),
    UNIQUE (attempt_id, position)
) WITHOUT ROWID;

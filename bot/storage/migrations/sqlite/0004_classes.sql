-- Classes: a quiz belongs to a lesson and the channel it was opened in, with a window, attempt rules and a
-- feedback mode. Lessons are versioned and every attempt pins the version it was taken on. Per-server
-- settings, per-student accommodations, and the names people go by.
-- Times passed in by the bot (its clock) are UTC ISO-8601 text in the same format as the defaults below,
-- so that text order is time order.

CREATE TABLE lesson_versions (
    id          INTEGER PRIMARY KEY,
    lesson_id   TEXT    NOT NULL,
    hash        TEXT    NOT NULL UNIQUE,
    content     TEXT    NOT NULL,
    first_seen  TEXT    NOT NULL
);
CREATE INDEX lesson_versions_by_lesson ON lesson_versions (lesson_id, id);

-- One open quiz per lesson per class (channel), no longer per server. Today's rows keep their channel.
DROP INDEX quizzes_one_open;
CREATE UNIQUE INDEX quizzes_one_open ON quizzes (guild_id, channel_id, lesson_id) WHERE closed_at IS NULL;
ALTER TABLE quizzes ADD COLUMN version_id   INTEGER REFERENCES lesson_versions (id);
ALTER TABLE quizzes ADD COLUMN opens_at     TEXT;
ALTER TABLE quizzes ADD COLUMN closes_at    TEXT;
ALTER TABLE quizzes ADD COLUMN max_attempts INTEGER CHECK (max_attempts BETWEEN 1 AND 10);
ALTER TABLE quizzes ADD COLUMN grading      TEXT NOT NULL DEFAULT 'best'
    CHECK (grading IN ('best', 'last', 'first'));
ALTER TABLE quizzes ADD COLUMN feedback     TEXT NOT NULL DEFAULT 'now'
    CHECK (feedback IN ('now', 'after-close'));
-- Set when the quiz's cards are closed for good: at once on a teacher's close; after the deadline, once the
-- last student with extra time is done.
ALTER TABLE quizzes ADD COLUMN settled_at   TEXT;
UPDATE quizzes SET settled_at = closed_at WHERE closed_at IS NOT NULL;
CREATE INDEX quizzes_by_deadline ON quizzes (closes_at) WHERE closed_at IS NULL;
CREATE INDEX quizzes_unsettled ON quizzes (id) WHERE closed_at IS NOT NULL AND settled_at IS NULL;

-- An attempt belongs to its quiz: one unfinished attempt per student per quiz.
DROP INDEX attempts_one_open;
CREATE UNIQUE INDEX attempts_one_open ON attempts (quiz_id, user_id) WHERE finished_at IS NULL;
CREATE INDEX attempts_by_quiz ON attempts (quiz_id, user_id);
ALTER TABLE attempts ADD COLUMN version_id INTEGER REFERENCES lesson_versions (id);
-- Whether a teacher made it; teachers' tries are never counted in the class's figures.
ALTER TABLE attempts ADD COLUMN by_teacher INTEGER NOT NULL DEFAULT 0 CHECK (by_teacher IN (0, 1));

-- The answer that completes an attempt finishes it at the moment it was given.
DROP TRIGGER answers_finish_attempt;
CREATE TRIGGER answers_finish_attempt AFTER INSERT ON answers
BEGIN
    UPDATE attempts SET finished_at = NEW.answered_at
    WHERE id = NEW.attempt_id
      AND finished_at IS NULL
      AND question_count <= (SELECT COUNT(*) FROM answers WHERE attempt_id = NEW.attempt_id);
END;

CREATE TABLE accommodations (
    quiz_id         INTEGER NOT NULL REFERENCES quizzes (id) ON DELETE CASCADE,
    user_id         INTEGER NOT NULL,
    extra_attempts  INTEGER NOT NULL DEFAULT 0 CHECK (extra_attempts BETWEEN 0 AND 10),
    until           TEXT,
    granted_by      INTEGER NOT NULL,
    PRIMARY KEY (quiz_id, user_id)
);
CREATE INDEX accommodations_by_until ON accommodations (until) WHERE until IS NOT NULL;

CREATE TABLE guild_settings (
    guild_id         INTEGER PRIMARY KEY,
    timezone         TEXT    NOT NULL DEFAULT 'UTC',
    teacher_role_id  INTEGER,
    student_role_id  INTEGER
);

-- The name each person goes by in a server (nickname, else global name, else username), as of their latest
-- interaction, so that reports show names rather than ids.
CREATE TABLE people (
    guild_id  INTEGER NOT NULL,
    user_id   INTEGER NOT NULL,
    name      TEXT    NOT NULL,
    seen_at   TEXT    NOT NULL,
    PRIMARY KEY (guild_id, user_id)
);

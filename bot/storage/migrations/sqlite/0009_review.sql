-- Spaced review (issue 20): what the teacher assigned, the server's daily settings, each student's items
-- (FSRS's memory of one question, keyed by the question's key across lesson versions), each student's
-- next due day (for the daily card), and every answer given at review, one per step.

-- A class's review: `lesson` '' means every lesson the class takes (a primary key cannot hold NULL).
CREATE TABLE review_assignments (
    guild_id    INTEGER NOT NULL,
    channel_id  INTEGER NOT NULL,
    lesson      TEXT    NOT NULL DEFAULT '',
    ends_on     TEXT,
    exam_on     TEXT,
    measure     INTEGER NOT NULL DEFAULT 0 CHECK (measure IN (0, 1)),
    check_on    TEXT,
    seed        INTEGER NOT NULL,
    -- The last day the class's public card was posted: claimed by one process, once a day.
    card_on     TEXT,
    created_at  TEXT    NOT NULL,
    PRIMARY KEY (guild_id, channel_id, lesson)
) WITHOUT ROWID;

CREATE TABLE review_settings (
    guild_id    INTEGER PRIMARY KEY,
    cap         INTEGER NOT NULL DEFAULT 5 CHECK (cap BETWEEN 1 AND 50),
    at_minute   INTEGER NOT NULL DEFAULT 540 CHECK (at_minute BETWEEN 0 AND 1439),
    -- Weekdays as bits, Monday = 1: 31 is Monday to Friday.
    days        INTEGER NOT NULL DEFAULT 31 CHECK (days BETWEEN 1 AND 127)
);

CREATE TABLE review_items (
    id              INTEGER PRIMARY KEY,
    guild_id        INTEGER NOT NULL,
    user_id         INTEGER NOT NULL,
    lesson          TEXT    NOT NULL,
    question_key    TEXT    NOT NULL,
    stability       REAL    NOT NULL,
    difficulty      REAL    NOT NULL,
    due             TEXT    NOT NULL,
    last_review     TEXT    NOT NULL,
    reps            INTEGER NOT NULL CHECK (reps >= 1),
    lapses          INTEGER NOT NULL CHECK (lapses >= 0),
    last_correct    INTEGER NOT NULL CHECK (last_correct IN (0, 1)),
    longest_recall  INTEGER NOT NULL CHECK (longest_recall >= 0),
    arm             TEXT    NOT NULL DEFAULT 'none' CHECK (arm IN ('none', 'held_back', 'control')),
    checked         INTEGER NOT NULL DEFAULT 0 CHECK (checked IN (0, 1)),
    -- The first answer in a quiz, which the teacher's coverage figure starts from.
    first_correct   INTEGER NOT NULL CHECK (first_correct IN (0, 1)),
    first_at        TEXT    NOT NULL,
    UNIQUE (guild_id, user_id, lesson, question_key)
);
CREATE INDEX review_items_due ON review_items (guild_id, due, user_id);

CREATE TABLE review_students (
    guild_id     INTEGER NOT NULL,
    user_id      INTEGER NOT NULL,
    next_due     TEXT,
    remind       INTEGER NOT NULL DEFAULT 0 CHECK (remind IN (0, 1)),
    reminded_on  TEXT,
    PRIMARY KEY (guild_id, user_id)
) WITHOUT ROWID;
CREATE INDEX review_students_due ON review_students (guild_id, next_due);

-- One answer per step: `round` is 0 for the day's review, or the attempt whose missed questions a
-- redemption round asks again; `step` counts the answers of that round on that day.
CREATE TABLE review_log (
    guild_id      INTEGER NOT NULL,
    user_id       INTEGER NOT NULL,
    day           TEXT    NOT NULL,
    round         INTEGER NOT NULL DEFAULT 0,
    step          INTEGER NOT NULL CHECK (step >= 0),
    lesson        TEXT    NOT NULL,
    question_key  TEXT    NOT NULL,
    kind          TEXT    NOT NULL CHECK (kind IN ('review', 'redemption', 'check')),
    correct       INTEGER NOT NULL CHECK (correct IN (0, 1)),
    predicted     REAL,
    arm           TEXT    NOT NULL DEFAULT 'none' CHECK (arm IN ('none', 'held_back', 'control')),
    answered_at   TEXT    NOT NULL,
    PRIMARY KEY (guild_id, user_id, day, round, step)
) WITHOUT ROWID;

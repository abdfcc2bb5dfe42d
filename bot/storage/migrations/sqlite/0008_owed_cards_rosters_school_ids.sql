-- A quiz whose Start cards do not yet show its state: set in the statement that closes, settles or
-- reopens it, cleared once its cards are edited. A process that dies in between leaves it set, and any
-- process claims it after a while: a card is always edited, whichever process closed the quiz.
ALTER TABLE quizzes ADD COLUMN cards_owed_at TEXT;
-- When the teacher who opened it was sent the note that its deadline closed it: claimed once, by one
-- process.
ALTER TABLE quizzes ADD COLUMN noted_at TEXT;
CREATE INDEX quizzes_owing_cards ON quizzes (cards_owed_at) WHERE cards_owed_at IS NOT NULL;

-- The server's language as Discord last gave it, so that a process that does not serve the server's shard
-- still writes its cards in that language. The score under which a student "needs help" in the report.
ALTER TABLE guild_settings ADD COLUMN locale TEXT;
ALTER TABLE guild_settings ADD COLUMN needs_help_below INTEGER NOT NULL DEFAULT 60
    CHECK (needs_help_below BETWEEN 1 AND 100);

-- A class's own roster: the role whose members are the students of one class channel. The server's
-- student_role_id stays the roster of every channel without one.
CREATE TABLE class_rosters (
    guild_id    INTEGER NOT NULL,
    channel_id  INTEGER NOT NULL,
    role_id     INTEGER NOT NULL,
    PRIMARY KEY (guild_id, channel_id)
);

-- The school's own id number and email of a student, imported by a teacher (/roster import), for the files a
-- gradebook imports.
CREATE TABLE school_ids (
    guild_id   INTEGER NOT NULL,
    user_id    INTEGER NOT NULL,
    id_number  TEXT,
    email      TEXT,
    PRIMARY KEY (guild_id, user_id),
    CHECK (id_number IS NOT NULL OR email IS NOT NULL)
);

-- A teacher's command waiting for an answer to a question the bot asked (which of two dates was meant):
-- the request as JSON, kept for a day.
CREATE TABLE pending_requests (
    id          INTEGER PRIMARY KEY,
    guild_id    INTEGER NOT NULL,
    user_id     INTEGER NOT NULL,
    kind        TEXT    NOT NULL,
    content     TEXT    NOT NULL,
    created_at  TEXT    NOT NULL
);
CREATE INDEX pending_requests_by_age ON pending_requests (created_at);

-- A live class: the teacher paces one lesson's questions in a channel; students answer privately.
-- Its quiz row (quizzes) carries the lesson, its version and who opened it; End turns the live answers
-- into that quiz's attempts and answers, so reports read a live class as any other quiz.

CREATE TABLE live_sessions (
    id              INTEGER PRIMARY KEY,
    guild_id        INTEGER NOT NULL,
    channel_id      INTEGER NOT NULL,
    quiz_id         INTEGER NOT NULL UNIQUE REFERENCES quizzes (id) ON DELETE CASCADE,
    question_count  INTEGER NOT NULL CHECK (question_count >= 1),
    -- The question on screen, 0-based in the lesson's order, and where it stands.
    position        INTEGER NOT NULL DEFAULT 0 CHECK (position >= 0 AND position < question_count),
    phase           TEXT    NOT NULL DEFAULT 'open' CHECK (phase IN ('open', 'closed', 'revealed', 'ended')),
    teams           INTEGER NOT NULL DEFAULT 0 CHECK (teams BETWEEN 0 AND 10),
    anonymous       INTEGER NOT NULL DEFAULT 0 CHECK (anonymous IN (0, 1)),
    card_message_id INTEGER,
    started_at      TEXT    NOT NULL,
    ended_at        TEXT,
    CHECK ((phase = 'ended') = (ended_at IS NOT NULL))
);
-- One live session per class channel at a time.
CREATE UNIQUE INDEX live_sessions_one_per_channel ON live_sessions (guild_id, channel_id)
    WHERE ended_at IS NULL;

-- One answer per student per question; changed in place (an UPSERT) while the question is open.
CREATE TABLE live_answers (
    session_id    INTEGER NOT NULL REFERENCES live_sessions (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL CHECK (position >= 0),
    user_id       INTEGER NOT NULL,
    option_index  INTEGER NOT NULL CHECK (option_index >= 0),
    correct       INTEGER NOT NULL CHECK (correct IN (0, 1)),
    by_teacher    INTEGER NOT NULL DEFAULT 0 CHECK (by_teacher IN (0, 1)),
    answered_at   TEXT    NOT NULL,
    PRIMARY KEY (session_id, position, user_id)
) WITHOUT ROWID;
CREATE INDEX live_answers_by_user ON live_answers (user_id);

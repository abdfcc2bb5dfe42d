-- Lessons a server's teachers add from Discord. Each belongs to that server only; its content is a row of
-- lesson_versions, so every version a quiz or attempt was pinned to stays readable.

CREATE TABLE guild_lessons (
    guild_id      INTEGER NOT NULL,
    lesson_id     TEXT    NOT NULL,
    -- The version served for new quizzes and tries; older versions stay in lesson_versions.
    version_id    INTEGER NOT NULL REFERENCES lesson_versions (id),
    published_by  INTEGER NOT NULL,
    published_at  TEXT    NOT NULL,
    -- Set by /lesson remove: no new quizzes; its quizzes, attempts and reports stay.
    removed_at    TEXT,
    PRIMARY KEY (guild_id, lesson_id)
);

-- An upload shown to its teacher as a preview, waiting for Publish or Cancel. The Publish button's
-- custom_id holds the id, so a preview still works after a restart; old ones are cleared out.
CREATE TABLE lesson_drafts (
    id          INTEGER PRIMARY KEY,
    guild_id    INTEGER NOT NULL,
    user_id     INTEGER NOT NULL,
    filename    TEXT    NOT NULL,
    content     TEXT    NOT NULL,
    created_at  TEXT    NOT NULL
);
CREATE INDEX lesson_drafts_by_age ON lesson_drafts (created_at);

-- The channel messages that carry a quiz's Start button, so that closing the quiz can mark them closed.

CREATE TABLE quiz_cards (
    message_id  INTEGER PRIMARY KEY,
    quiz_id     INTEGER NOT NULL REFERENCES quizzes (id) ON DELETE CASCADE,
    channel_id  INTEGER NOT NULL
);
CREATE INDEX quiz_cards_by_quiz ON quiz_cards (quiz_id);

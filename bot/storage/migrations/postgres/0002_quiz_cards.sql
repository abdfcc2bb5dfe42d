-- The channel messages that carry a quiz's Start button, so that closing the quiz can mark them closed.

CREATE TABLE quiz_cards (
    message_id  bigint NOT NULL PRIMARY KEY,
    quiz_id     bigint NOT NULL REFERENCES quizzes (id) ON DELETE CASCADE,
    channel_id  bigint NOT NULL
);
CREATE INDEX quiz_cards_by_quiz ON quiz_cards (quiz_id);

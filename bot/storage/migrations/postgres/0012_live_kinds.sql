-- A live class asks every kind of question, and lessons with banks: as migrations/sqlite/0012.
ALTER TABLE live_sessions ADD COLUMN seed bigint NOT NULL DEFAULT 0;

ALTER TABLE live_answers ADD COLUMN question_index integer CHECK (question_index >= 0);
ALTER TABLE live_answers ADD COLUMN answer_text text CHECK (length(answer_text) <= 400);
ALTER TABLE live_answers ADD COLUMN credit_milli integer CHECK (credit_milli BETWEEN 1 AND 999);

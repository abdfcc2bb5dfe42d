-- A live class asks every kind of question, and lessons with banks.
-- The session's seed draws its bank questions once for the whole class (bot/quiz/engine.py `drawn`), and
-- End gives it to each attempt, so a report reads the same set the class was asked. Sessions from before
-- had no banks: 0 draws every question, as they asked.
ALTER TABLE live_sessions ADD COLUMN seed INTEGER NOT NULL DEFAULT 0;

-- The lesson's index of the question answered: with a bank it differs from `position`, the question's
-- place in the session. NULL in rows written before, where the two were the same.
ALTER TABLE live_answers ADD COLUMN question_index INTEGER CHECK (question_index >= 0);
-- As in answers (migration 0010): a typed answer as typed, and a part mark in thousandths.
ALTER TABLE live_answers ADD COLUMN answer_text TEXT CHECK (length(answer_text) <= 400);
ALTER TABLE live_answers ADD COLUMN credit_milli INTEGER CHECK (credit_milli BETWEEN 1 AND 999);

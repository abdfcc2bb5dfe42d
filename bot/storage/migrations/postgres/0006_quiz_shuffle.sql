-- What a quiz shuffles for each student, as migrations/sqlite/0006: 'questions' or 'options' only.
-- Quizzes opened before the choice shuffled questions, and keep it.
ALTER TABLE quizzes ADD COLUMN shuffle text NOT NULL DEFAULT 'questions'
    CHECK (shuffle IN ('questions', 'options'));

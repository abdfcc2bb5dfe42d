-- What a quiz shuffles for each student: 'questions' (the order of questions and of their options) or
-- 'options' (options only, so a question has one number for the whole class). Quizzes opened before
-- the choice shuffled questions, and their attempts' seeds were played that way: they keep it.
ALTER TABLE quizzes ADD COLUMN shuffle TEXT NOT NULL DEFAULT 'questions'
    CHECK (shuffle IN ('questions', 'options'));

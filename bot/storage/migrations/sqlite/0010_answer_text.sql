-- What a student typed for a typed-answer question, kept as typed: the report shows it, and the core
-- judges it again from it (option_index then holds the accepted answer it matched, 0 for none). NULL for
-- every answer given by a button. A choose-all answer keeps its set in option_index as a bitmask and a
-- put-in-order answer its order as a rank (bot/quiz/judging.py): both fit the integer column as it is.
-- 400 characters: four times what the answer box takes, a bound on what one row may hold.

ALTER TABLE answers ADD COLUMN answer_text TEXT CHECK (length(answer_text) <= 400);

-- A part of a mark, in thousandths, for an answer partly right in a lesson with partial credit (a choose-all
-- with some right options ticked, an order with some in place); NULL for an answer whole right or wrong,
-- which `correct` says. A score is the answers right plus these parts.
ALTER TABLE answers ADD COLUMN credit_milli INTEGER CHECK (credit_milli BETWEEN 1 AND 999);

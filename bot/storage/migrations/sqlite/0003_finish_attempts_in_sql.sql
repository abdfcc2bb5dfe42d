-- The answer that completes an attempt finishes it, in the same statement, whoever inserts it.
-- Recording an answer is then one atomic INSERT rather than a four-statement transaction.

CREATE TRIGGER answers_finish_attempt AFTER INSERT ON answers
BEGIN
    UPDATE attempts SET finished_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
    WHERE id = NEW.attempt_id
      AND finished_at IS NULL
      AND question_count <= (SELECT COUNT(*) FROM answers WHERE attempt_id = NEW.attempt_id);
END;

-- The answer that completes an attempt finishes it, in the same statement, whoever inserts it: SQLite's
-- trigger as a function and a trigger. It finishes the attempt at the answer's own time, which SQLite's
-- 0004 settled on; there was never a PostgreSQL database with the earlier form.

CREATE FUNCTION answers_finish_attempt() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE attempts SET finished_at = NEW.answered_at
    WHERE id = NEW.attempt_id
      AND finished_at IS NULL
      AND question_count <= (SELECT count(*) FROM answers WHERE attempt_id = NEW.attempt_id);
    RETURN NULL;
END;
$$;

CREATE TRIGGER answers_finish_attempt AFTER INSERT ON answers
    FOR EACH ROW EXECUTE FUNCTION answers_finish_attempt();

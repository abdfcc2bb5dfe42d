-- A class's daily review card and a student's reminder are claimed before they are sent and marked sent
-- after (card_on, reminded_on): a process that dies in between leaves its claim, which any process takes
-- over once it is stale, so the card is not lost. As migrations/postgres/0011, times as UTC text.
ALTER TABLE review_assignments ADD COLUMN card_claimed_at TEXT;
ALTER TABLE review_students ADD COLUMN remind_claimed_at TEXT;

"""The quiz engine, its rules and grading, and the times teachers type: no Discord, no database."""

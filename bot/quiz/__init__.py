"""The quiz engine and class report: pure functions over lessons and recorded answers."""

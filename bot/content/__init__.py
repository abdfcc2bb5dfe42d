"""Lessons as data: the model, and a loader that validates hand-written lesson files."""

from bot.content.loader import LessonLibrary, load_lesson, load_library
from bot.content.model import Lesson, Question, Section

__all__ = ["Lesson", "LessonLibrary", "Question", "Section", "load_lesson", "load_library"]

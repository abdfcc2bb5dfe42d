"""The class report: figures, item analysis, CSV files and a chart, from plain rows. No Discord, no I/O."""

from bot.report.analysis import ClassReport, Score, State, StudentRow, build_report
from bot.report.attention import Attention, attention
from bot.report.chart import chart_alt_text, chart_png
from bot.report.files import questions_csv, students_csv
from bot.report.gradebook import Gradebook, gradebook_csv
from bot.report.grading import counted_attempt
from bot.report.items import OptionStat, QuestionStats
from bot.report.model import AnswerData, AttemptData, Grading, Person, QuestionInfo, ReportInput, SchoolId
from bot.report.workbook import report_xlsx

__all__ = [
    "AnswerData",
    "AttemptData",
    "Attention",
    "ClassReport",
    "Gradebook",
    "Grading",
    "OptionStat",
    "Person",
    "QuestionInfo",
    "QuestionStats",
    "ReportInput",
    "SchoolId",
    "Score",
    "State",
    "StudentRow",
    "attention",
    "build_report",
    "chart_alt_text",
    "chart_png",
    "counted_attempt",
    "gradebook_csv",
    "questions_csv",
    "report_xlsx",
    "students_csv",
]

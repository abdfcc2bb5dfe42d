"""Spaced review of each student's questions: scheduling (FSRS), daily plans and the teacher's figures.

Pure: no Discord, no I/O, no clock reads; every function is given `now` or the day it works on.
"""

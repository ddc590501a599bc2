"""The analyst: element insights, shrunk scores, pre-launch predictions, fatigue, kill/scale, audience segments.

Public seams live in `tools.analyst.api`; the core modules work on pandas frames so they are testable without a DB.
"""

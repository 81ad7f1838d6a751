"""Committees and their meetings: procedure rules, scheduling, deadlines, closure days, and
what happened to each question at the meeting."""

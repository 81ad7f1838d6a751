"""Questions in the council's hands: moderation, numbering, answers, worklists and the audit log."""

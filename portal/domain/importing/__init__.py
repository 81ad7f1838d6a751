"""Bringing a council's history into the archive: its published questions and answers,
read from the documents it published before the portal (Word, PDF, web pages, the
portal's own JSON and CSV), checked by a clerk, then filed so they can be found.

`readers` turns one document into records, `layout` is the parser every reader shares
(labels, numbering, the table, reported and labelled layouts, and the mess real
documents bring), `staging` keeps what was read until a clerk has checked it, and
`filing` puts the checked records into the archive, marked as imported.
"""

"""Delivering e-mail: the transports the outbox sender uses (SMTP, GOV.UK Notify, the
development mailbox). What to send, and when, is decided in portal/domain/messages/outbox.py."""

"""Messages to people: written to the outbox with the change they report, sent after commit."""

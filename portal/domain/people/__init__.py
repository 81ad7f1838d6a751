"""Staff accounts and the posts that answer questions: who holds them and who drafts for them."""

"""Reading the published record: search, the open data API and statistics."""

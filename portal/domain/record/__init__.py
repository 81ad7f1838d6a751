"""The published record: building the document model, checking it is complete, freezing
and publishing it, rendering its formats, storing its files and indexing it for the archive."""

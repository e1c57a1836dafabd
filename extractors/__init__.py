"""Readers and extractors: pure functions from files to the document model to records."""

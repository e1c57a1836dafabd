"""DuckDB warehouse: versioned schema, idempotent loading, views and the analysts' queries."""

"""The Whoosh engine (the default, pure Python): its engine module, schema and document table."""

"""The Tantivy engine (native, for large archives): ``pip install 'vnsearch[fast]'``."""

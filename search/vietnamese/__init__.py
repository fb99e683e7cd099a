"""Vietnamese text: normalisation and folding, legacy encodings, dates, word
segmentation (pyvi's model) and the analysis every field kind is built from.

Nothing here imports an engine: the query side and both engines read it.
"""

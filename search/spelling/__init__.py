"""Did you mean and typeahead from the archive's own statistics.

Ingest ends by counting, in what the index holds, accented syllables, the
pairs and triples of them that follow each other, and pyvi's words
(:mod:`.build`). A query is then read against those counts (:mod:`.model`):
each typed syllable offers its accented forms (:mod:`.candidates`), near
spellings (:mod:`.typos`) and what it spells in Telex or VNI typed without an
input method (:mod:`.telex`); the most probable sequence wins
(:mod:`.lattice`), and :mod:`.restore` turns it into a suggestion.
:mod:`.complete` completes the last, partly typed syllable for typeahead.
"""

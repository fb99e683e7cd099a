"""Who spoke in an article: people quoted directly or reported, under canonical names.

A speaker facet must not mislead, so the extractor prefers precision. A person
counts only when a name stands in subject position before a speech verb
("Bộ trưởng Tô Lâm yêu cầu", "ông Lộc nói", "Trung tướng Nguyễn Hải Trung -
Giám đốc Công an TP.Hà Nội cho biết"), after "Theo" ("Theo bà Nguyễn Thị Tư,
..."), before a colon that opens a quotation, or as the subject right after an
opening clause such as "Phát biểu tại hội nghị, ...". Text inside quotation
marks never supplies a speaker, photo credits ("Ảnh: CAND") are cut out first,
and a run of capitalised syllables is a person only when it is not a place, an
organisation, a street or a school ("đường Nguyễn Trãi", "Trường THPT Nguyễn
Khuyến", "Bí thư Thành ủy Hà Nội").

Names are canonical: titles, ranks and honorifics are stripped ("Đại tướng Tô
Lâm" → "Tô Lâm"), the text goes through :func:`search.vietnamese.text.normalize`, and a
short form ("ông Trung", "Bộ trưởng Lâm", "Lee") joins the one full name in the
article that ends (or, for a foreign name, starts) with it; a short form two
people share is dropped. A family name from the usual list is a strong clue;
other names need a title or honorific somewhere in the article when they are
foreign ("HLV Tuchel"), and are Vietnamese given names otherwise ("Minh Vương
nói").

Steps, a module each: clean the text and cut credits, tokenise with offsets,
mark quotations and sentences (:mod:`.tokens`, into the records of
:mod:`.document`); find name mentions in runs of capitalised words and look at
the words before each, title, governing word, "Theo" (:mod:`.mentions`, with
:mod:`.names` and :mod:`.roles`), and drop what the article shows is no person: a
brand's shape ("TPBank"), an office's organisation ("Chủ tịch Vingroup"), a
capitalised organisation noun ("Kênh ..."), an English title it continues, a
demonstrative after it, glued syllables (:mod:`.evidence`); find speech events (:mod:`.events`, with the
verbs of :mod:`.verbs`); resolve short forms (:mod:`.names`); group by person,
keeping the last role seen and one sentence (:mod:`.extract`). The word lists
are data files, one entry a line, in ``data/`` (read by :mod:`.lexicon`).
Only the names below are the package's API.
"""

from search.speakers.extract import Speaker, extract_speakers
from search.speakers.names import canonical_name

__all__ = ["Speaker", "canonical_name", "extract_speakers"]

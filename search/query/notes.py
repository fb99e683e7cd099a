"""How an odd query was read, said in English (the CLI, the API) and in Vietnamese (the site).

A :class:`Note` is the English text itself (a ``str``), so code and tests that
read notes as text keep working; ``note.vi`` is what the site shows.
"""

from __future__ import annotations

from typing import Any

__all__ = ["MESSAGES", "Note", "note"]

# kind: (English, Vietnamese); {placeholders} are filled by note().
MESSAGES: dict[str, tuple[str, str]] = {
    "truncated": (
        "Only the first {n} characters were used.",
        "Chỉ {n} ký tự đầu của câu tìm được dùng.",
    ),
    "unclosed_quote": (
        'The quote "{text}" was not closed: read as a phrase to the end.',
        "Dấu ngoặc kép trước “{text}” chưa được đóng: phần sau nó được tìm như một cụm từ.",
    ),
    "lone_minus": (
        "A lone '-' was ignored.",
        "Dấu “-” đứng riêng đã được bỏ qua.",
    ),
    "or_first": (
        "An OR without words before it was ignored.",
        "Chữ OR không có từ nào đứng trước nên đã được bỏ qua.",
    ),
    "or_last": (
        "An OR without words after it was ignored.",
        "Chữ OR không có từ nào đứng sau nên đã được bỏ qua.",
    ),
    "bad_date": (
        "{error} The date filter was ignored.",
        "Không dùng được ngày “{value}” (hãy viết một ngày như 2020-03-01 hoặc một khoảng như "
        "2020-03-01..2020-06-30): bộ lọc ngày đã được bỏ qua.",
    ),
    "bad_year": (
        "{error} The year filter was ignored.",
        "Không dùng được năm “{value}” (hãy viết một năm như 2019 hoặc một khoảng như 2019..2021): "
        "bộ lọc năm đã được bỏ qua.",
    ),
    "relaxed": (
        "No article has all the words: showing the {total} with some of them.",
        "Không có bài nào chứa đủ mọi từ: đang hiện {total} bài chứa một phần các từ.",
    ),
    "phrases_as_words": (
        "No article has the quoted words in that order: showing the {total} with those words.",
        "Không có bài nào chứa nguyên văn cụm từ trong ngoặc kép: đang hiện {total} bài chứa các từ của nó.",
    ),
    "names_split": (
        "No article has these words side by side as one name: showing the {total} with the words {text}.",
        "Không có bài nào chứa các chữ này liền nhau như một tên riêng: đang hiện {total} bài chứa các từ {text}.",
    ),
    "accents_ignored": (
        'No article has "{typed}" with these accents: showing the {total} that match without accents.',
        "Không có bài nào chứa “{typed}” đúng như dấu đã gõ: đang hiện {total} bài khớp khi bỏ qua dấu.",
    ),
    "corrected": (
        'Nothing found for "{typed}": showing what "{searched}" finds ({total}).',
        "Không tìm thấy “{typed}”: đang hiện {total} kết quả cho “{searched}”.",
    ),
    "meaning_missing": (
        "This index ranks long queries on meaning too, but its sentence model is not installed: "
        "the results are in the engine's order. Install it with pip install 'vnsearch[meaning]'.",
        "Chỉ mục này xếp các câu tìm dài theo cả nghĩa, nhưng máy chưa cài mô hình câu: kết quả đang "
        "theo thứ tự thường. Hãy cài nó bằng lệnh pip install 'vnsearch[meaning]'.",
    ),
    "meaning_stale": (
        "This index's vectors of meaning were made by an older version of vnsearch and are not "
        "used: the results are in the engine's order. Run vnsearch index --meaning to make them anew.",
        "Các vectơ nghĩa của chỉ mục này do một phiên bản cũ của vnsearch tạo ra, nên không được dùng: "
        "kết quả đang theo thứ tự thường. Hãy chạy lệnh vnsearch index --meaning để tạo lại chúng.",
    ),
    "enough": (
        "A long text: showing articles holding enough of its words "
        "({needed} of {words}; a word of several syllables counts twice).",
        "Câu tìm dài: đang hiện các bài chứa đủ nhiều từ của nó "
        "({needed} trên {words}; từ nhiều âm tiết tính là hai).",
    ),
}


class Note(str):
    """The English text of a note, with its Vietnamese text as ``vi``."""

    vi: str
    kind: str
    link: tuple[str, str] | None  # (Vietnamese label, query to search) the site shows as a link

    def __new__(cls, kind: str, english: str, vietnamese: str, link: tuple[str, str] | None = None) -> Note:
        self = super().__new__(cls, english)
        self.kind = kind
        self.vi = vietnamese
        self.link = link
        return self


def note(kind: str, link: tuple[str, str] | None = None, **values: Any) -> Note:
    english, vietnamese = MESSAGES[kind]
    return Note(kind, english.format(**values), vietnamese.format(**values), link)

"""HTML a crawl stored in an article is taken out as the article is read; its text stays."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest
from helpers import index_of

from search.corpus import Article, read_paths
from search.searcher import Searcher
from search.speakers import extract_speakers
from search.vietnamese.markup import has_markup, split_title, strip_markup

# The shape of the Người Lao Động pages that VNTC stores as HTML (text written for the test).
PAGE_TITLE = (
    "<p class=title>Rà soát quy chế quản lý cán bộ</p><p class=ngay>24-01-2006 00:46:33 GMT +7</p>"
    "<EM>. Phóng viên: Thưa ông, bộ nắm được những gì?</EM>"
)
PAGE_BODY = (
    "<P><STRONG>- Ông Phạm Tăng Lộc:</STRONG> Anh ấy đã vào ngành nhiều năm.\n"
    "<P>&nbsp;\n<P>&nbsp;\n"
    '<TABLE borderColor=#000000 cellSpacing=0><TBODY><TR><TD><IMG height=140 src="http://x.vn/a.jpg">'
    "</TD></TR>\n<TR><TD class=commentimg>Thứ trưởng Nguyễn Văn Bình</TD></TR></TBODY></TABLE>\n"
    "<P>Thứ trưởng Nguyễn Văn Bình cho biết bộ sẽ <a href='/x'>rà soát</a> lại quy chế.</P>"
    "<p class=author>Tô Hà</p></td>\n</tr>\n<tr><td><p class=phanhoi>"
    '<img border="0" src="/images/phanhoi.gif"><a href="/tools/phanhoi.asp?id=1">Phản hồi&nbsp;</a>&nbsp;'
    '<a href="/tools/send.asp?id=1">Gửi cho bạn bè</a>&nbsp;<a href="/tools/print.asp?id=1">In ra giấy\n</a>'
    "</td></tr></table><p class=newsother_boxname><img src='/i.gif'>&nbsp;TIN LIÊN QUAN</p>"
    "<ul class=newsother_list><li><p style='margin: 4px'><a href='/t/1.asp'><font color='#000099'>"
    "Bắt giam phó chánh văn phòng PMU 18</font></a> <span class=newsother_ngay>(24/01)</span>"
    "<li><a href='/t/2.asp'>Khởi tố thêm hai bị can</a> (23/01)</ul>"
)


def test_tags_go_blocks_become_lines_inline_text_stays():
    assert strip_markup("<P>Một <b>hai</b> ba.<P>Bốn <A HREF='/x'>năm</A></P>") == "Một hai ba.\nBốn năm"
    assert strip_markup("Dòng một<br>dòng hai<br/>dòng ba") == "Dòng một\ndòng hai\ndòng ba"


@pytest.mark.parametrize(
    "text",
    [
        "Tim <3 và a < b > c",
        "Cuốn <Nhật ký Đặng Thùy Trâm> in lần thứ 20",
        "Công thức x<y, y>z đúng",
        "Thẻ &lt;p&gt; mở một đoạn",
        'Bộ trưởng nói: "Chúng tôi sẽ làm".\n\nĐoạn hai.',
    ],
)
def test_text_without_html_tags_is_returned_as_it_is(text: str):
    assert not has_markup(text)
    assert strip_markup(text) is text


def test_scripts_styles_and_comments_go_with_their_content():
    html = (
        "<div>Tin chính.<script>var a = '<p>';</script><style>p {color: red}</style><!-- <p>cũ</p> --></div>"
    )
    assert strip_markup(html) == "Tin chính."


def test_a_list_of_links_goes_a_link_in_the_text_stays():
    html = (
        "<p>Xem <a href='/bang-gia.pdf'>bảng giá đất quận 1</a> ở đây.</p>"
        "<ul><li><a href='/a'>Tin khác một</a> (01/01)<li><a href='/b'><font>Tin khác hai</font></a></ul>"
        "<ul><li>Một việc <a href='/c'>cần làm</a></li></ul>"
    )
    assert strip_markup(html) == "Xem bảng giá đất quận 1 ở đây.\nMột việc cần làm"


def test_a_title_stored_as_html_keeps_its_first_line():
    assert split_title(PAGE_TITLE) == (
        "Rà soát quy chế quản lý cán bộ",
        "24-01-2006 00:46:33 GMT +7\n. Phóng viên: Thưa ông, bộ nắm được những gì?",
    )
    assert split_title("Tiêu đề thường") == ("Tiêu đề thường", "")


def _read(tmp_path: Path, record: dict) -> Article:
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    [article] = read_paths([path])
    assert isinstance(article, Article)
    return article


def test_the_reader_takes_a_page_apart(tmp_path: Path):
    article = _read(tmp_path, {"id": "p1", "title": PAGE_TITLE, "body": PAGE_BODY})
    assert article.title == "Rà soát quy chế quản lý cán bộ"
    assert (article.date.year, article.date.month, article.date.day) == (
        2006,
        1,
        24,
    )  # from the title's date line
    lines = [line.strip() for line in article.body.splitlines() if line.strip()]
    assert lines == [
        ". Phóng viên: Thưa ông, bộ nắm được những gì?",  # what the title field held after the title
        "- Ông Phạm Tăng Lộc: Anh ấy đã vào ngành nhiều năm.",
        "Thứ trưởng Nguyễn Văn Bình",
        "Thứ trưởng Nguyễn Văn Bình cho biết bộ sẽ rà soát lại quy chế.",
        "Tô Hà",
    ]
    assert "<" not in article.body and "&" not in article.body and "\xa0" not in article.body
    speakers = {s.name for s in extract_speakers(article.body, article.title)}
    assert speakers == {"Phạm Tăng Lộc", "Nguyễn Văn Bình"}


def test_a_given_date_is_kept_and_entities_written_as_text_stay(tmp_path: Path):
    record = {
        "id": "p2",
        "title": PAGE_TITLE,
        "date": "2006-01-25",
        "body": "<p>Thẻ &lt;p&gt; mở một đoạn.</p>",
    }
    article = _read(tmp_path, record)
    assert (article.date.year, article.date.month, article.date.day) == (2006, 1, 25)
    assert article.body == ". Phóng viên: Thưa ông, bộ nắm được những gì?\nThẻ <p> mở một đoạn."


@pytest.mark.engines
def test_a_page_stored_as_html_is_searched_by_its_text_not_its_tags(tmp_path: Path, engine: str):
    records = [
        {"id": "page", "title": PAGE_TITLE, "body": PAGE_BODY},
        {"id": "other", "title": "Tin khác", "body": "Bộ sẽ khởi tố thêm hai bị can trong vụ PMU 18."},
    ]
    ix = index_of(records, tmp_path)
    with Searcher(ix) as s:
        for tag in ("table", "td", "commentimg", "phanhoi", "newsother_list", "STRONG"):
            assert s.search(tag).total == 0, tag
        assert [h.id for h in s.search("bắt giam phó chánh văn phòng").hits] == []
        assert [h.id for h in s.search("khởi tố thêm hai bị can").hits] == ["other"]
        assert [h.id for h in s.search("rà soát lại quy chế").hits] == ["page"]


def test_no_real_vntc_article_keeps_a_tag(shared_corpora: Path, tmp_path: Path):
    """Seven VNTC articles (Người Lao Động, 2004-2006) are stored as HTML."""
    sample = tmp_path / "html.jsonl"
    with gzip.open(shared_corpora / "vntc" / "vntc.jsonl.gz", "rt", encoding="utf-8") as f:
        pages = [line for line in f if "<P" in line or "<p " in line]
    sample.write_text("".join(pages), encoding="utf-8")
    articles = [a for a in read_paths([sample]) if isinstance(a, Article)]
    assert len(articles) == len(pages) >= 7
    tag = re.compile(r"</?(?:p|td|tr|table|div|img|a|font|strong)\b", re.IGNORECASE)
    assert [a.id for a in articles if tag.search(a.title + a.body)] == []
    assert all(a.title and "\n" not in a.title and a.date is not None for a in articles)
    assert all(len(a.body) > 200 for a in articles)

"""The matching benchmark (issue 15): its truth on handmade texts, the query drawer's
determinism and halves, and a tiny run of the command. Real corpora: skipped without ../shared."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from helpers import write_jsonl

from benchmarks import matching
from benchmarks.matching import MatchQuery, accent_key, folded_key, truth
from search.corpus import Article


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def words(text: str) -> list[list[str]]:
    """'hạn_hán Hà_Nội' -> [['hạn', 'hán'], ['Hà', 'Nội']]"""
    return [w.split("_") for w in text.split()]


def relevant(texts: dict[str, str], query: str, form: str = "acc") -> set[str]:
    articles = [Article(id=i, body=body) for i, body in texts.items()]
    return truth(articles, [(form, words(query))])[0]


# --- syllable keys -----------------------------------------------------------------


def test_accented_keys_ignore_what_is_not_the_word():
    assert accent_key(nfd("Hòa")) == accent_key("hòa") == accent_key("hoà")  # NFD, old tone placement
    assert accent_key("uỷ") == accent_key("ủy") == accent_key("ỦY")
    assert accent_key("\u00d0ảng") == accent_key("Đảng")  # Ð (U+00D0) typed for Đ
    assert accent_key("kỹ") == accent_key("kĩ") and accent_key("lý") == accent_key("lí")
    assert accent_key("quý") == accent_key("quí") and accent_key("Mỹ") == accent_key("mĩ")


def test_accented_keys_keep_every_mark_of_the_word():
    assert accent_key("dê") != accent_key("dế")
    assert accent_key("ma") != accent_key("mà") != accent_key("má")
    assert accent_key("đa") != accent_key("da")
    assert accent_key("uy") != accent_key("ui")  # y/i only after a consonant onset
    assert accent_key("tuy") != accent_key("tui")


def test_folded_keys_drop_every_mark():
    assert folded_key("Đường") == folded_key("duong") == folded_key(nfd("đường")) == "duong"
    assert folded_key("\u00d0ảng") == "dang"
    assert folded_key("kỹ") == folded_key("ki")


# --- truth -------------------------------------------------------------------------


def test_truth_is_accent_exact_up_to_spelling_variants():
    texts = {
        "nfc": "Hôm nay Thủ tướng thăm Hòa Bình.",
        "nfd": nfd("Hôm nay thủ tướng thăm hòa bình."),
        "old": "Đoàn công tác thăm Hoà Bình hôm qua.",
        "other": "Hoa bình an trong vườn.",  # unaccented look-alike
    }
    assert relevant(texts, "Hòa_Bình") == {"nfc", "nfd", "old"}
    assert relevant(texts, "hoa_binh", "unacc") == {"nfc", "nfd", "old", "other"}
    assert relevant({"a": "Ðảng ủy xã", "b": "Đảng uỷ xã"}, "Đảng_ủy") == {"a", "b"}
    assert relevant({"a": "ngành kĩ thuật", "b": "ngành kỹ thuật"}, "kỹ_thuật") == {"a", "b"}


def test_truth_needs_each_word_as_a_contiguous_run():
    texts = {
        "run": "Giá cả ở Hà Nội tăng.",
        "comma": "Anh ở Hà, Nội thì không.",  # punctuation breaks the run
        "line": "Đi Hà\nNội ngay",  # so does a line break
        "number": "Hà 2 Nội",
        "apart": "Nội thành và Hà Đông",  # both syllables, not together
        "hyphen": "Đường Hà-Nội cũ",  # an unspaced hyphen joins
    }
    assert relevant(texts, "Hà_Nội") == {"run", "hyphen"}


def test_truth_needs_every_word_in_any_order_and_not_adjacent():
    texts = {
        "both": "Nhiều nơi bị hạn hán. Ở miền Trung, mưa lớn.",
        "reversed": "Miền Trung khô hạn, nắng nóng kéo dài, hạn hán.",
        "one": "Hạn hán kéo dài ở miền Nam.",
    }
    assert relevant(texts, "hạn_hán miền_Trung") == {"both", "reversed"}


def test_truth_reads_title_lead_and_body_but_no_run_across_them():
    article = Article(id="a", title="Tin Hà", lead="Nội dung chính", body="Hạn hán ở miền Tây")
    assert truth([article], [("acc", words("Hà_Nội"))]) == [set()]
    assert truth([article], [("acc", words("nội_dung hạn_hán tin"))]) == [{"a"}]


# --- scores ------------------------------------------------------------------------


def test_precision_and_recall_conventions():
    assert matching.precision({"a", "b"}, {"a"}) == 0.5
    assert matching.recall({"a", "b"}, {"a", "c"}) == 0.5
    assert matching.precision(set(), set()) == 1.0
    assert matching.precision(set(), {"a"}) == 0.0
    assert matching.recall({"a"}, set()) == 1.0


# --- queries -----------------------------------------------------------------------

SENTENCES = [
    "Thủ tướng Phạm Minh Chính thăm các tỉnh miền Trung bị hạn hán kéo dài.",
    "Giao thông Hà Nội ùn tắc nghiêm trọng vào giờ cao điểm buổi sáng.",
    "Bão lũ miền Trung gây thiệt hại lớn cho nông dân trồng lúa.",
    "Công an thành phố Đà Nẵng điều tra vụ tai nạn giao thông nghiêm trọng.",
    "Bộ trưởng Nguyễn Văn Thắng phát biểu tại hội nghị kinh tế quốc tế.",
    "Người dân Quảng Nam chuẩn bị lương thực trước mùa mưa bão năm nay.",
]


def small_corpus(n: int = 12) -> list[dict]:
    out = []
    for i in range(n):
        body = " ".join(SENTENCES[(i + k) % len(SENTENCES)] for k in range(4))
        out.append({"id": f"a{i}", "title": SENTENCES[i % len(SENTENCES)].rstrip("."), "body": body})
    return out


def small_articles() -> list[Article]:
    return [Article(id=r["id"], title=r["title"], body=r["body"]) for r in small_corpus()]


def test_drawing_is_deterministic_and_every_query_holds_in_its_article():
    first = matching.draw(small_articles(), 20, seed=3)
    again = matching.draw(small_articles(), 20, seed=3)
    assert [(q.text, q.kind) for q in first] == [(q.text, q.kind) for q in again]
    assert len(first) >= 15 and {q.kind for q in first} == set(matching.KINDS)
    found = truth(small_articles(), [(form, q.words) for q in first for form, _ in q.forms()])
    sources = [q.source for q in first for _ in q.forms()]
    assert all(src in ids for src, ids in zip(sources, found, strict=True))


def test_a_query_has_two_forms_and_keeps_its_half():
    q = MatchQuery(words("Phạm_Minh_Chính đường_sắt"), "apart")
    assert q.forms() == [("acc", "Phạm Minh Chính đường sắt"), ("unacc", "Pham Minh Chinh duong sat")]
    assert q.half == MatchQuery(words("phạm_minh_chính đường_sắt"), "apart").half  # case-blind
    halves = {MatchQuery([[f"từ{i}", "khóa"]], "word").half for i in range(40)}
    assert halves == {"tuning", "held-out"}
    assert MatchQuery(words("cong_an ha_noi"), "example").forms() == [("unacc", "cong an ha noi")]


# --- the command -------------------------------------------------------------------


def test_the_command_runs_end_to_end(tmp_path: Path):
    corpus = write_jsonl(tmp_path / "tiny.jsonl", small_corpus())
    out, dump = tmp_path / "report.md", tmp_path / "per-query.json"
    argv = ["--file", str(corpus), "--queries", "8", "--engines", "whoosh", "--workers", "1"]
    argv += ["--work", str(tmp_path / "work"), "--out", str(out), "--json", str(dump), "--label", "test"]
    assert matching.main(argv) == 0
    text = out.read_text(encoding="utf-8")
    assert "— test" in text and "| vnsearch-whoosh |" in text and "| fts5-and |" in text
    assert "### Held-out half" in text and "### By kind" in text
    data = json.loads(dump.read_text(encoding="utf-8"))
    rows = data["corpora"][0]["results"]
    assert len(rows) >= 12 and {r["form"] for r in rows} == {"acc", "unacc"}
    assert all(r["truth"] >= 1 for r in rows)
    assert all(set(r["answers"]) == {"vnsearch-whoosh", "fts5-and"} for r in rows)


def test_an_unknown_corpus_is_named(capsys: pytest.CaptureFixture[str]):
    assert matching.main(["--corpora", "nope", "--work", "/nonexistent"]) == 2
    assert "no corpus 'nope'" in capsys.readouterr().err


def test_queries_drawn_from_real_articles_hold(shared_corpora: Path):
    path = shared_corpora / "unc" / "unc.jsonl.gz"
    articles = matching.read_articles(path)[:300]
    queries = matching.draw(articles, 40, seed=15)
    assert len(queries) == 40 and {q.kind for q in queries} == set(matching.KINDS)
    found = truth(articles, [("acc", q.words) for q in queries])
    assert all(q.source in ids for q, ids in zip(queries, found, strict=True))

"""The relevance benchmark's pure parts on handmade data, and its questions file on the real
corpora (skipped without ../shared). The benchmark itself is run by hand, not here."""

from __future__ import annotations

import hashlib
import unicodedata
from pathlib import Path

import pytest

from benchmarks import relevance


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# --- metrics -----------------------------------------------------------------------


def test_mrr_counts_the_rank_of_the_one_right_answer():
    rankings = [["a", "b"], ["x", "y", "c"], [], ["q"] * 10 + ["d"]]
    targets = ["a", "c", "z", "d"]
    # a at 1, c at 3, no hits, d at 11 (outside the top 10)
    assert relevance.mrr_at_k(rankings, targets) == pytest.approx((1 + 1 / 3 + 0 + 0) / 4)
    assert relevance.recall_at_k(rankings, targets) == 0.5
    assert relevance.rank_of(rankings[3], "d") is None
    assert relevance.rank_of(rankings[3], "d", k=11) == 11


def test_mrr_of_nothing_and_mismatched_lengths():
    assert relevance.mrr_at_k([], []) == 0.0
    with pytest.raises(ValueError):
        relevance.mrr_at_k([["a"]], ["a", "b"])


# --- text --------------------------------------------------------------------------


def test_fold_query_removes_every_diacritic_and_d_bar_even_from_nfd():
    assert relevance.fold_query("Đường đến Hà Nội") == "Duong den Ha Noi"
    assert relevance.fold_query(nfd("Hoà Bình, thuỷ điện")) == "Hoa Binh, thuy dien"


def test_split_paragraphs_on_line_breaks_and_blank_lines_in_nfc():
    body = "Một.\n\nHai\r\nBa  \n \n" + nfd("Bốn")
    assert relevance.split_paragraphs(body) == ["Một.", "Hai", "Ba", "Bốn"]


def test_checksum_is_sha1_of_the_nfc_text_and_ignores_normal_form():
    text = "Hà Nội mưa to."
    assert relevance.checksum(text) == hashlib.sha1(text.encode()).hexdigest()[:12]
    assert relevance.checksum(nfd(text)) == relevance.checksum(text)


def test_verify_question_names_what_went_wrong():
    paragraphs = ["tiêu đề", "Đoạn thứ hai của bài."]
    good = relevance.Question("unc", "a1", 1, "đoạn hai?", relevance.checksum(paragraphs[1]))
    assert relevance.verify_question(good, paragraphs) is None
    moved = relevance.Question("unc", "a1", 5, "?", good.checksum)
    assert "has 2 paragraphs" in relevance.verify_question(moved, paragraphs)
    changed = relevance.Question("unc", "a1", 0, "?", good.checksum)
    assert "checksum" in relevance.verify_question(changed, paragraphs)
    assert good.target == "unc:a1:1"


def test_strip_headline_only_when_the_body_starts_with_it():
    headline = "Bão số 5 đổ bộ Quảng Ngãi"
    assert relevance.strip_headline("Bão số 5\nđổ bộ  Quảng Ngãi. Gió mạnh cấp 9.", headline) == (
        "Gió mạnh cấp 9."
    )
    assert relevance.strip_headline("Gió mạnh cấp 9.", headline) == "Gió mạnh cấp 9."


def test_headline_and_body_per_corpus():
    unc = {"body": "Tiêu đề bài báo\nĐoạn một.\nĐoạn hai."}
    assert relevance.headline_and_body("unc", unc) == ("Tiêu đề bài báo", "Đoạn một.\nĐoạn hai.")
    vntc = {"title": "Tiêu đề  bài", "body": "Tiêu đề bài Nội dung."}
    assert relevance.headline_and_body("vntc", vntc) == ("Tiêu đề bài", "Nội dung.")
    assert relevance.headline_and_body("vntc", {"title": "Chỉ có tiêu đề", "body": ""}) is None


def test_unc_headline_filter_skips_captions_and_leads():
    assert relevance.is_headline("Lãi suất ngân hàng giảm sâu, xuống thấp nhất 10 năm")
    assert not relevance.is_headline("Tỷ phú Warren Buffett (Ảnh: Flickr).")
    assert not relevance.is_headline("Sáng 27/4, ngân hàng tổ chức họp cổ đông thường niên 2021.")


# --- the FTS5 baseline (benchmarks/fts5.py; tests/test_benchmarks_fts5.py) ---------


def test_fts5_rows_rank_a_tiny_collection(tmp_path: Path):
    docs = [
        relevance.Doc("1", "Công an Hà Nội bắt nhóm trộm xe máy."),
        relevance.Doc("2", "Đội tuyển Việt Nam thắng Thái Lan."),
    ]
    for name in relevance.ENGINE_CHOICES["fts5"]:
        engine = relevance.make_engine(name, tmp_path, workers=None)
        engine.build(tmp_path / "unused.jsonl", docs)
        assert engine.rank("công an Hà Nội") == ["1"]
        assert engine.rank("Việt Nam và Thái Lan") == ["2"]  # "và" is nowhere: AND falls back to OR
        assert engine.rank("") == []


def test_tables_have_a_row_per_result():
    row = relevance.Row("headlines", "unc", "fts5-or", "held-out", 10, 4, 0.5, 0.25, 0.75, 0.5, 1.0, 0.2, 0.3)
    assert row.ms_per_query == pytest.approx(62.5)
    assert relevance.markdown_table([row, row]).count("\n") == 3
    assert "0.500" in relevance.text_table([row])
    assert "| held-out |" in relevance.markdown_table([row])


# --- halves ------------------------------------------------------------------------


def test_halves_are_fixed_by_the_answer_and_split_about_evenly():
    ids = [f"vntc:{n}" for n in range(400)]
    halves = [relevance.half_of(i) for i in ids]
    assert set(halves) == set(relevance.HALVES)
    assert 160 <= halves.count("held-out") <= 240
    assert halves == [relevance.half_of(i) for i in ids]  # stable across calls


def test_round_one_questions_stay_in_the_tuning_half():
    q = [relevance.Question("unc", f"a{n}", 1, "?", "x") for n in range(40)]
    assert {x.half for x in q} == {"tuning"}
    blind = [relevance.Question("unc", f"a{n}", 1, "?", "x", round=2) for n in range(40)]
    assert {x.half for x in blind} == set(relevance.HALVES)
    assert all(x.half == relevance.half_of(x.target) for x in blind)


def test_tuned_headlines_never_reach_the_held_out_half():
    tuned = {"7"}
    assert relevance._headline_half("vntc", "7", tuned) == "tuning"
    others = {relevance._headline_half("vntc", str(n), tuned) for n in range(8, 60)}
    assert others == set(relevance.HALVES)


def test_evaluate_reports_each_half_on_its_own(tmp_path: Path):
    docs = [relevance.Doc("1", "Công an Hà Nội bắt nhóm trộm xe máy."), relevance.Doc("2", "Thái Lan thua.")]
    queries = [
        relevance.Query("công an bắt trộm", "1", "tuning"),
        relevance.Query("Thái Lan thua", "1", "held-out"),  # wrong on purpose: 0 in this half
    ]
    data = relevance.Dataset("headlines", "vntc", docs, queries)
    rows = relevance.evaluate(data, ["fts5-or"], tmp_path, workers=None)
    assert [(r.half, r.queries, r.mrr_accented) for r in rows] == [("tuning", 1, 1.0), ("held-out", 1, 0.0)]


# --- the questions file on the real corpora ----------------------------------------


def test_every_question_resolves_to_its_paragraph(shared_corpora: Path):
    questions = relevance.load_questions()
    assert len(questions) >= 150
    assert len({q.target for q in questions}) == len(questions), "two questions on one paragraph"
    wanted = {(q.corpus, q.article_id) for q in questions}
    found, _ = relevance.article_paragraphs(sorted({q.corpus for q in questions}), wanted, seed=13)
    problems = [
        relevance.verify_question(q, found.get((q.corpus, q.article_id), []))
        or (None if relevance.usable_paragraph(found[(q.corpus, q.article_id)][q.paragraph]) else "length")
        for q in questions
    ]
    assert [p for p in problems if p] == []
    copied = [
        q.question
        for q in questions
        if relevance.one_line(q.question).casefold()
        in found[(q.corpus, q.article_id)][q.paragraph].casefold()
    ]
    assert copied == [], "questions copied word for word from their paragraph"


def test_tune_asks_only_the_tuning_half_unless_told(tmp_path: Path, capsys: pytest.CaptureFixture):
    import json

    from benchmarks import tune

    docs = [
        {"id": "1", "body": "Công an Hà Nội bắt nhóm trộm xe máy."},
        {"id": "2", "body": "Thái Lan thua."},
    ]
    (tmp_path / "docs.jsonl").write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs))
    answers = [
        {"query": "công an bắt trộm", "folded": "cong an bat trom", "target": "1", "half": "tuning"},
        {"query": "Thái Lan thua", "folded": "Thai Lan thua", "target": "1", "half": "held-out"},
    ]
    (tmp_path / "answers.json").write_text(json.dumps(answers, ensure_ascii=False))
    assert tune.main([str(tmp_path)]) == 0
    assert capsys.readouterr().out.startswith("1.000 1.000")  # the held-out miss is not asked
    assert tune.main([str(tmp_path), "--half", "all"]) == 0
    assert capsys.readouterr().out.startswith("0.500 0.500")

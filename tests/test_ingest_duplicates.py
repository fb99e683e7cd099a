"""Near-duplicates are grouped as articles arrive, across ingest runs, and counted by both engines."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from helpers import write_jsonl

from search.engines.groups import GROUPS_FILE, shared_groups
from search.indexing.duplicates import DUPLICATES_FILE
from search.indexing.pipeline import ingest
from search.searcher import Searcher

pytestmark = pytest.mark.engines

STORY = (
    "Sáng 5/6, Ủy ban nhân dân tỉnh Quảng Nam tổ chức lễ khởi công tuyến đường ven biển nối Hội An "
    "với Tam Kỳ, dài 42 km, tổng vốn hơn 3.000 tỷ đồng. Theo chủ đầu tư, tuyến đường gồm bốn làn xe, "
    "hai cầu vượt sông và một hầm chui qua khu dân cư, dự kiến hoàn thành sau ba năm thi công. Lãnh "
    "đạo tỉnh yêu cầu nhà thầu bảo đảm chất lượng, an toàn lao động và giải phóng mặt bằng đúng hạn, "
    "đồng thời hỗ trợ tái định cư cho hơn 600 hộ dân bị ảnh hưởng bởi dự án."
)
OTHER = (
    "Chiều 5/6, Sở Nông nghiệp tỉnh Quảng Nam cho biết vụ lúa hè thu năm nay gieo sạ hơn 40.000 ha, "
    "tăng nhẹ so với cùng kỳ. Ngành nông nghiệp khuyến cáo nông dân dùng giống ngắn ngày, bón phân "
    "cân đối và theo dõi sâu bệnh để kịp phòng trừ. Các hồ chứa thủy lợi hiện đủ nước tưới cho toàn "
    "vụ, riêng vùng cát ven biển có thể thiếu nước vào cuối tháng bảy."
)


def _article(id_: str, title: str, body: str, source: str) -> dict:
    return {"id": id_, "title": title, "date": "2023-06-05", "source": source, "body": body}


def test_copies_share_a_group_across_runs_and_rebuild_starts_again(tmp_path: Path, engine: str):
    index = tmp_path / "index"
    first = write_jsonl(
        tmp_path / "one.jsonl",
        [
            _article("a", "Khởi công đường ven biển Hội An - Tam Kỳ", STORY, "Báo A"),
            _article("b", "Quảng Nam: gieo sạ lúa hè thu", OTHER, "Báo A"),
        ],
    )
    ingest([first], index, workers=1)
    # A later run brings the same story from another outlet, with a credit line added.
    later = write_jsonl(
        tmp_path / "two.jsonl",
        [_article("c", "Quảng Nam làm đường ven biển 3.000 tỷ", STORY + " (Theo Báo A)", "Báo B")],
    )
    ingest([later], index, workers=1)
    assert (index / DUPLICATES_FILE).is_file() and (index / GROUPS_FILE).is_file()
    with Searcher(index) as s:
        group = {a: s.get(a).group for a in "abc"}
        assert group["a"] == group["c"] > 0 and group["b"] not in (0, group["a"])
        assert group["a"] in shared_groups(index).tolist() and group["b"] not in shared_groups(index).tolist()
        folded = s.search("quảng nam", fold=True)
        assert folded.total == 3 and folded.stories == 2
        assert {h.id: h.similar for h in folded.hits} in ({"a": 1, "b": 0}, {"c": 1, "b": 0})
        assert s.search("quảng nam", fold=False).stories is None
        # Page two of folded results counts groups: one story per line, none twice.
        pages = [s.search("quảng nam", fold=True, limit=1, offset=n).hits for n in range(3)]
        assert [len(p) for p in pages] == [1, 1, 0]
    # Indexing the same files again changes nothing.
    ingest([first, later], index, workers=1)
    with Searcher(index) as s:
        assert {a: s.get(a).group for a in "abc"} == group
    ingest([first], index, workers=1, rebuild=True)
    with Searcher(index) as s:
        assert s.doc_count == 2 and not shared_groups(index).size
    assert np.load(index / GROUPS_FILE).size == 0


def test_an_article_rewritten_into_another_story_leaves_its_group(tmp_path: Path, engine: str):
    index = tmp_path / "index"
    rows = [_article("a", "Đường ven biển", STORY, "A"), _article("b", "Đường ven biển (bản B)", STORY, "B")]
    ingest([write_jsonl(tmp_path / "v1.jsonl", rows)], index, workers=1)
    rows[1] = _article("b", "Lúa hè thu", OTHER, "B")
    ingest([write_jsonl(tmp_path / "v2.jsonl", rows)], index, workers=1)
    with Searcher(index) as s:
        assert s.get("a").group != s.get("b").group
        assert s.search("quảng nam", fold=True).stories == 2

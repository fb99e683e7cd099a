"""extract_speakers finds who speaks, under canonical names, and nobody else.

Pattern sentences are invented for these tests (or are the seed patterns the
issue quotes); the seed and demo expectations read the articles themselves.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from search.corpus import Article, read_paths
from search.speakers import Speaker, canonical_name, extract_speakers

ROOT = Path(__file__).resolve().parents[1]
DEMO_LABELS = ROOT / "benchmarks" / "speakers_labels_demo.jsonl"
REAL_LABELS = ROOT / "benchmarks" / "speakers_labels.jsonl"


def names(text: str, title: str = "") -> list[str]:
    return [s.name for s in extract_speakers(text, title)]


# ------------------------------------------------------------------ patterns


@pytest.mark.parametrize(
    "text, expected",
    [
        # the seed patterns of the issue
        (
            "Phát biểu tại hội nghị, Trung tướng Nguyễn Hải Trung - Giám đốc Công an TP.Hà Nội cho biết, "
            "năm qua lực lượng đã vượt qua nhiều khó khăn.",
            ["Nguyễn Hải Trung"],
        ),
        ("Bí thư Thành ủy Hà Nội Đinh Tiến Dũng phát biểu chỉ đạo tại buổi làm việc.", ["Đinh Tiến Dũng"]),
        ("Đại tướng Tô Lâm đánh giá, kết quả công tác của đơn vị rất quan trọng.", ["Tô Lâm"]),
        ("Thời gian tới, Bộ trưởng Tô Lâm yêu cầu các đơn vị đề cao tinh thần trách nhiệm.", ["Tô Lâm"]),
        ("Theo Bộ trưởng Tô Lâm, năm 2024 là năm bản lề.", ["Tô Lâm"]),
        # name, role, verb
        (
            "Ông Phạm Văn Kiên, Phó Giám đốc Sở Giao thông vận tải tỉnh Bình Định, cho biết tuyến đường sẽ "
            "thông xe trong tháng tới.",
            ["Phạm Văn Kiên"],
        ),
        (
            "Thiếu tướng Lưu Minh Đạt, Phó Bí thư Đảng ủy, Phó Giám đốc Công an tỉnh cho biết chuyên án đã "
            "kết thúc.",
            ["Lưu Minh Đạt"],
        ),
        # "Theo ông/bà X, ..."
        ("Theo bà Đỗ Thị Hạnh, chủ một quán ăn ở chợ Bến Thành, giá rau tăng mạnh.", ["Đỗ Thị Hạnh"]),
        ("Theo TS Kha Minh Đức, giảng viên đại học, mô hình này khả thi.", ["Kha Minh Đức"]),
        # quotation then attribution, with the short form joined to the full name
        (
            'Ông Trần Quốc Khánh là chủ xưởng. "Chúng tôi không đủ người làm", ông Khánh nói.',
            ["Trần Quốc Khánh"],
        ),
        # a short form that writes the full name another way: its initial, a capitalised particle
        ("HLV Alfred Riedl đến Hà Nội. HLV A.Riedl cho biết đội đã sẵn sàng.", ["Alfred Riedl"]),
        ("Công tố viên Carla del Ponte đến Belgrade. Bà Del Ponte cho biết sẽ ở lại.", ["Carla del Ponte"]),
        # two full names the initial could stand for: it stays as written
        ("Ông Michael Yu và ông Mark Yu đến. Sau đó, ông M. Yu cho biết sẽ ở lại.", ["M. Yu"]),
        # "Nhìn" (look at) opens the sentence; a workshop in the aside is no person
        (
            "Nhìn Thu Hà nhí nhảnh bao nhiêu trên bìa báo, trông cô lại mảnh mai bấy nhiêu. Thu Hà vẫn còn "
            "thấy ngại ngùng: “Dù em xuất hiện trên báo chí nhiều rồi nhưng với tư cách là VĐV”.",
            ["Thu Hà"],
        ),
        (
            "Tại phiên phúc thẩm, Trần Quang (nguyên trưởng Xưởng Điện lạnh của PTSC tại Vũng Tàu bị tòa tuyên "
            "mức án chung thân) kêu oan. Bị cáo cho rằng những lời khai không đúng.",
            ["Trần Quang"],
        ),
        # an analyst's appositive: "phân tích gia" is a noun, not the verb "phân tích"
        (
            "Shaw Wu, phân tích gia của Công ty nghiên cứu công nghệ Mỹ nhận định rằng việc Apple giảm giá "
            "là điều tất yếu.",
            ["Shaw Wu"],
        ),
        ("Marcus Blosch, phân tích gia của Gartner, cho biết chi phí sẽ tăng 1,4%.", ["Marcus Blosch"]),
        # "Theo" a statement, an account or a complaint of someone's
        ("Theo trình bày của ông Trần Văn Hùng, ông đã mua căn nhà từ năm 2001.", ["Trần Văn Hùng"]),
        (
            "Theo đơn tố cáo của bà Nguyễn Thị Bích Liên, công ty đã nợ lương ba tháng.",
            ["Nguyễn Thị Bích Liên"],
        ),
        # a plea, an account, a defendant's testimony
        ("Tại phiên tòa phúc thẩm, bị cáo Lê Thanh Vân vẫn một mực kêu oan.", ["Lê Thanh Vân"]),
        ("Trần Mỹ Cảnh tường trình rằng trong túi nạn nhân có hai triệu đồng.", ["Trần Mỹ Cảnh"]),
        # the body in the spokesman's title is no part of the name
        (
            "Người phát ngôn Chữ Thập Đỏ Quốc tế Nada Doumani cho biết, nhà chức trách đã đồng ý.",
            ["Nada Doumani"],
        ),
        # name ...: "quotation"
        ('HLV Lê Văn Hưng chia sẻ: "Các cầu thủ đã chiến đấu hết mình".', ["Lê Văn Hưng"]),
        ('Chị Nguyễn Thu Hà tâm sự: "Tôi chỉ mong con khỏe".', ["Nguyễn Thu Hà"]),
        # foreign names in Latin script
        ('HLV Park Hang-seo nói: "Chúng tôi sẽ chơi tấn công".', ["Park Hang-seo"]),
        (
            'HLV thủ môn Lee Woon-jae đến Hà Nội hôm qua. "Tôi sẽ chia sẻ mọi thứ mình biết", Lee cho biết.',
            ["Lee Woon-jae"],
        ),
        ("Tổng thống Nga Vladimir Putin cảnh báo phương Tây không vượt lằn ranh đỏ.", ["Vladimir Putin"]),
        # two subjects of one verb
        (
            "Thượng tướng Tô Lâm và đồng chí Hoàng Trung Hải cùng khẳng định sự phối hợp là nhân tố quyết định.",
            ["Hoàng Trung Hải", "Tô Lâm"],
        ),
        # a single given name after an honorific joins the one full name that ends with it
        (
            "Nhà nghiên cứu Tôn Thất Bình đánh giá cao chuyên đề. Theo ông Bình, bộ sưu tập rất quý.",
            ["Tôn Thất Bình"],
        ),
        # a crawl that glued the verb to the name
        ("Giám đốc Sở Y tế Nguyễn Tấn Lộccho biết số ca mắc giảm.", ["Nguyễn Tấn Lộc"]),
        # a list of people as one subject: every one of them speaks
        (
            "Các ông Lê Văn Hùng, Phạm Văn Đức và Trần Minh Tâm đều khẳng định không nhận tiền.",
            ["Lê Văn Hùng", "Phạm Văn Đức", "Trần Minh Tâm"],
        ),
        (
            "Lê Văn Hùng, Phạm Văn Đức và Trần Minh Tâm khẳng định không nhận tiền.",
            ["Lê Văn Hùng", "Phạm Văn Đức", "Trần Minh Tâm"],
        ),
        (
            "HLV Park Hang-seo, trợ lý Lee Young-jin và Lê Huỳnh Đức cho biết đội sẽ tập trung.",
            ["Park Hang-seo", "Lee Young-jin", "Lê Huỳnh Đức"],
        ),
        ("Ông Trần Minh Tâm cũng đồng loạt lên án kế hoạch này.", ["Trần Minh Tâm"]),
        (
            "Dù vậy, cả ca sĩ Phạm Lý Đức lẫn diễn viên Phí Thanh Thảo vẫn đồng loạt phủ nhận chuyện yêu đương.",
            ["Phạm Lý Đức", "Phí Thanh Thảo"],
        ),
        # a modifier after the title keeps it the name's title
        ("Thủ tướng lâm thời Iraq Iyad Allawi cho biết sẽ tổ chức bầu cử.", ["Iyad Allawi"]),
        ("Tổng thống sắp mãn nhiệm Leonid Kuchma cho biết sẽ ký.", ["Leonid Kuchma"]),
        (
            "Tổng thống Leonid Kuchma đến Kiev. Tổng thống sắp mãn nhiệm kêu gọi các bên quay lại.",
            ["Leonid Kuchma"],
        ),
        # a title of three syllables whose last alone would govern ("tố")
        ("Chánh công tố Jaafar Mousawi cho hay sẽ điều tra.", ["Jaafar Mousawi"]),
        ("Thủ tướng Italy Silvio Berlusconi cam kết sẽ bảo vệ công dân.", ["Silvio Berlusconi"]),
        ("Diva Thanh Lam cho biết thời gian này chị quá bận.", ["Thanh Lam"]),
        # a verb opening the sentence is no part of the name after it
        (
            'Gặp Tấn Minh trong quán nhỏ, khi được hỏi về tuần trăng mật, Minh trả lời: "Hạnh phúc".',
            ["Tấn Minh"],
        ),
        # a person's role in an appositive vouches for a foreign name
        ("Popkov, chỉ huy lực lượng của Bộ Nội vụ, cho biết ông biết điều này.", ["Popkov"]),
        # "nhưng" right after the name (it used to raise an IndexError)
        ("Ông Nguyễn Văn An nhưng cho biết sẽ về.", ["Nguyễn Văn An"]),
    ],
)
def test_speaker_patterns(text: str, expected: list[str]) -> None:
    assert sorted(names(text)) == sorted(expected)


@pytest.mark.parametrize(
    "text",
    [
        # organisations and places speak, no person does
        "Công an TP.Hà Nội cho biết đã bắt giữ 7 đối tượng.",
        "Bộ Công an cho biết sẽ kiểm tra toàn bộ hồ sơ.",
        "Thành ủy Hà Nội yêu cầu các quận khẩn trương triển khai.",
        "Sở Y tế TP.HCM cho biết thành phố đã tiêm hơn 3 triệu liều vắc xin.",
        "Hà Nội cho biết sẽ không bắn pháo hoa dịp lễ.",
        "Theo Cổng TTĐT Bộ Công an, năm 2020 tội phạm giảm.",
        'Tờ Siam Sport viết: "Việt Nam rất mạnh".',
        # streets, schools, shops named after people
        "Trường THPT Nguyễn Khuyến cho biết năm nay tuyển 600 học sinh.",
        "Chủ quán trên đường Nguyễn Trãi cho biết khách đông hơn mọi năm.",
        # photo credits
        "Lễ ra quân sáng 3/11. Ảnh: Đức Long",
        "Đội tuyển tập luyện tại Mỹ Đình. (Ảnh: Lâm Thỏa)",
        # people only mentioned, or objects of the verb
        "Dự hội nghị có Đại tướng Tô Lâm và Bí thư Thành ủy Đinh Tiến Dũng.",
        "Đoàn công tác đã gặp ông Nguyễn Văn Bình và đề nghị hỗ trợ người dân.",
        "Cầm đầu đường dây là Đỗ Văn Hưng, người từng có hai tiền án.",
        # idioms of "nói" and "kể"
        "Thành phố nói chung và quận Ba Đình nói riêng đã có nhiều đổi mới kể từ năm 2010.",
        # names inside a quotation are not the speaker
        '"Ông Trần Văn Nam yêu cầu chúng tôi ở lại", một công nhân kể.',
        # two people share the short form: it is dropped rather than guessed
        "Ông Nguyễn Văn Trung và ông Lê Minh Trung đều có mặt. Ông Trung cho biết sẽ đi sớm.",
        # a list of clubs is no list of people
        "Chelsea, Real Madrid và Manchester United cũng lên án kế hoạch này.",
        "Giải sẽ có 15 thành viên, gồm Barcelona, Real Madrid, Atlético Madrid, Juventus và Milan, "
        "đồng thời khẳng định họ chia sẻ 3,5 tỷ euro.",
        "Tổng thống lâm thời Kyrgyzstan kêu gọi Nga giúp đỡ",
        # a telephone company
        "Ban lãnh đạo Viettel Mobile cho biết giá cước sẽ giảm từ tháng sau.",
        # a Chinese province; a firm whose name ends in "International"
        'Một quan chức Quảng Đông lại nói: "Nếu dùng dao để giết chúng, máu sẽ làm lây lan bệnh".',
        "Nhà đấu giá Kruse International cho biết đây là chiếc xe duy nhất của Giáo hoàng.",
        # a form filled in is no testimony
        "Ngay từ mùng Năm Tết, CLB Bình Định đã cho cầu thủ Lê Văn Nam khai báo y tế.",
        # the Red Cross speaks as a body
        "Ủy ban Chữ Thập Đỏ đề nghị được thăm cựu lãnh đạo Iraq càng sớm càng tốt.",
        # "the West" speaks as a place does
        "Phương Tây kêu gọi lập trường rắn hơn với Iran",
        # an article quoting nobody
        "Mưa lớn kéo dài khiến nhiều tuyến phố ngập sâu. Giao thông ùn tắc đến tối.",
    ],
)
def test_no_speaker(text: str) -> None:
    assert names(text) == []


def test_role_and_quote() -> None:
    text = (
        "Phát biểu khai mạc, Chủ tịch UBND tỉnh Quảng Ngãi Đoàn Văn Khánh yêu cầu các sở khẩn trương khắc phục "
        'hậu quả bão. "Không để ai bị đói, bị rét", ông Khánh nói. Bộ trưởng Bộ Xây dựng Nguyễn Đức Lâm '
        "cho biết sẽ hỗ trợ tỉnh."
    )
    speakers = extract_speakers(text)
    assert [s.name for s in speakers] == ["Đoàn Văn Khánh", "Nguyễn Đức Lâm"]
    khanh, lam = speakers
    assert isinstance(khanh, Speaker)
    assert khanh.role == "Chủ tịch UBND tỉnh Quảng Ngãi"
    assert khanh.quote == '"Không để ai bị đói, bị rét", ông Khánh nói.'  # the direct quotation wins
    assert lam.role == "Bộ trưởng Bộ Xây dựng"
    assert lam.quote.startswith("Bộ trưởng Bộ Xây dựng Nguyễn Đức Lâm cho biết")


def test_a_pronouns_words_are_what_the_person_said() -> None:
    # "Ông cho biết ...", "Tổng thư ký cho biết ...": the sentence said, not the one naming them
    text = (
        "Tổng thư ký Kofi Annan hôm qua đến New York. Ủy ban gồm 3 người. "
        "Tổng thư ký cho biết ông không cần sự cho phép."
    )
    (annan,) = extract_speakers(text)
    assert annan.quotes == ("Tổng thư ký cho biết ông không cần sự cho phép.",)
    (an,) = extract_speakers("Ông Nguyễn Văn Ân đến thăm trường. Ông cho biết trường sẽ có thêm lớp mới.")
    assert an.quote == "Ông cho biết trường sẽ có thêm lớp mới."


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ('"Kỳ thi an toàn" - ông Nguyễn Văn Bình nói.', ""),  # an honorific after a dash is no role
        ('"Kỳ thi an toàn" - Bộ trưởng Nguyễn Văn Bình nói.', "Bộ trưởng"),
        ("Giám đốc Sở là ông Nguyễn Văn Bình cho biết kỳ thi an toàn.", "Giám đốc Sở"),  # not "... là ông"
    ],
)
def test_role_without_the_words_around_it(text: str, role: str) -> None:
    assert [(s.name, s.role) for s in extract_speakers(text)] == [("Nguyễn Văn Bình", role)]


def test_a_name_before_in_the_same_subject_is_no_part_of_the_next_ones_role() -> None:
    roles = dict(
        (s.name, s.role)
        for s in extract_speakers(
            "Luật sư Phạm Hồng Hải, Trần Vũ Hải và HLV Bùi Đức Trường khẳng định ông Hùng vi phạm."
        )
    )
    assert roles == {"Phạm Hồng Hải": "Luật sư", "Trần Vũ Hải": "", "Bùi Đức Trường": "HLV"}
    (bo,) = extract_speakers("Bộ trưởng Bộ Giáo dục và Đào tạo Nguyễn Kim Sơn cho biết sẽ đổi mới.")
    assert bo.role == "Bộ trưởng Bộ Giáo dục và Đào tạo"  # "và" inside an office's name stays


def test_one_speaker_per_person_in_order_of_first_speech() -> None:
    text = (
        "Bà Lê Thị Hồng Nhung cho biết đợt triều cường này cao nhất năm. Ông Võ Tá Hùng nhận định nước sẽ rút "
        "chậm. Bà Nhung nhấn mạnh phải bảo đảm an toàn. Theo bà Lê Thị Hồng Nhung, các trường đã cho học sinh "
        "nghỉ."
    )
    assert names(text) == ["Lê Thị Hồng Nhung", "Võ Tá Hùng"]


def test_raw_text_nfd_old_tones_and_eth() -> None:
    # NFD, old-style tone marks ("uỷ"), "Ð" (U+00D0) typed for "Đ", double spaces
    text = unicodedata.normalize(
        "NFD", "Bí thư Thành uỷ  Hà Nội Ðinh Tiến Dũng khẳng định, Ðảng uỷ Công an cần chấn chỉnh ngay."
    )
    speakers = extract_speakers(text)
    assert [s.name for s in speakers] == ["Đinh Tiến Dũng"]
    assert unicodedata.is_normalized("NFC", speakers[0].name)
    assert speakers[0].role == "Bí thư Thành ủy Hà Nội"


def test_text_as_a_crawl_stored_it_entities_and_html() -> None:
    # What the reader does to an indexed article, the API does to text given to it as stored
    text = (
        "<p>&quot;Chúng tôi sẽ làm rõ&quot;, Bộ trưởng <b>Nguyễn Văn An</b> cho biết.</p>"
        "<p>Theo &#7889;ng Lê Văn Bình,&nbsp;dự án chậm vì thiếu vốn.</p>"
    )
    speakers = extract_speakers(text, "Tin &amp; bài")
    assert [s.name for s in speakers] == ["Nguyễn Văn An", "Lê Văn Bình"]
    assert all("<" not in s.quote and "&" not in s.quote for s in speakers)
    assert [s.name for s in extract_speakers("Ông Lê Văn Bình nói tim <3 của ông vẫn khỏe.")] == [
        "Lê Văn Bình"
    ]


def test_title_is_read_too() -> None:
    # the title names the minister; "Bộ trưởng cho biết" in the body is him speaking
    assert names(
        "Bộ trưởng cho biết đề thi được bảo mật.", title="Bộ trưởng Lê Quang Vinh: 'Đề thi an toàn'"
    ) == ["Lê Quang Vinh"]
    assert names("Bộ trưởng cho biết đề thi được bảo mật.") == []
    assert names("Phóng viên ghi nhận.", title='Bà Phan Thị Lụa cho biết: "Giá rau tăng gấp đôi"') == [
        "Phan Thị Lụa"
    ]


def test_empty_text() -> None:
    assert extract_speakers("") == []
    assert extract_speakers("   \n\n ") == []


# ------------------------------------------------------------ canonical names


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Đại tướng Tô Lâm", "Tô Lâm"),
        ("Thượng tướng Tô Lâm", "Tô Lâm"),
        ("Bộ trưởng Tô Lâm", "Tô Lâm"),
        ("Tô Lâm", "Tô Lâm"),
        ("Bộ trưởng Bộ Công an Tô Lâm", "Tô Lâm"),
        ("Thượng tướng Tô Lâm, Bộ trưởng Bộ Công an", "Tô Lâm"),
        ("Ủy viên Bộ Chính trị, Bí thư Thành ủy Hà Nội Đinh Tiến Dũng", "Đinh Tiến Dũng"),
        ("Phó Bí thư Thành ủy - Chủ tịch UBND thành phố Chu Ngọc Anh", "Chu Ngọc Anh"),
        ("Nguyễn Hải Trung - Giám đốc Công an TP.Hà Nội", "Nguyễn Hải Trung"),
        ("đồng chí Hoàng Trung Hải", "Hoàng Trung Hải"),
        ("PGS.TS Vũ Đình Thiểm", "Vũ Đình Thiểm"),
        ("HLV Park Hang-seo", "Park Hang-seo"),
        ("tô lâm", "Tô Lâm"),
        ("TÔ LÂM", "Tô Lâm"),
        ("  Trần   Minh  Khôi ", "Trần Minh Khôi"),
        (unicodedata.normalize("NFD", "Ðinh Tiến Dũng"), "Đinh Tiến Dũng"),
        ("Lê Thị Hồng Thuỷ", "Lê Thị Hồng Thủy"),
        ("ông Trung", "Trung"),  # a short form stays short without its article
        ("Hà Nội", ""),
        ("Bộ Công an", ""),
        ("Thành ủy", ""),
        ("TP.HCM", ""),
        ("", ""),
    ],
)
def test_canonical_name(raw: str, expected: str) -> None:
    assert canonical_name(raw) == expected


# ----------------------------------------------------------------- the seeds


@pytest.fixture(scope="module")
def seed_speakers(seeds_dir: Path) -> dict[str, list[str]]:
    return {
        item.id: [s.name for s in extract_speakers(item.body, item.title)]
        for item in read_paths([seeds_dir])
        if isinstance(item, Article)
    }


def test_seeds_to_lam(seed_speakers: dict[str, list[str]]) -> None:
    quoting = [aid for aid, found in seed_speakers.items() if "Tô Lâm" in found]
    assert sorted(quoting) == [
        "000_5bfda8c2a60b10a7.txt",
        "001_1f60bbbcdff71fa4.txt",
        "003_ef6709054a1998c0.txt",
        "004_ad775a49d31fd10f.txt",
    ]


def test_seed_2021(seed_speakers: dict[str, list[str]]) -> None:
    found = seed_speakers["002_734a28bc2cfa8055.txt"]
    assert {"Đinh Tiến Dũng", "Chu Ngọc Anh"} <= set(found)
    # attendees who do not speak, and the city itself, are not speakers
    assert not {"Nguyễn Thị Tuyến", "Nguyễn Ngọc Tuấn", "Nguyễn Văn Phong", "Hà Nội"} & set(found)


def test_seed_photo_credit_and_titles(seed_speakers: dict[str, list[str]]) -> None:
    found = seed_speakers["000_5bfda8c2a60b10a7.txt"]
    assert found == ["Nguyễn Hải Trung", "Tô Lâm", "Đinh Tiến Dũng"]


# ------------------------------------------------------- labelled articles


def _score(labels: list[dict], articles: dict[tuple[str, str], Article]) -> tuple[float, float]:
    tp = fp = fn = 0
    for record in labels:
        article = articles[(record["corpus"], record["id"])]
        gold = {canonical_name(n) for n in record["speakers"]}
        got = set(names(article.body, article.title))
        tp += len(gold & got)
        fp += len(got - gold)
        fn += len(gold - got)
    return tp / (tp + fp), tp / (tp + fn)


def _read_labels(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_demo_labels_precision_recall() -> None:
    labels = _read_labels(DEMO_LABELS)
    assert len(labels) == 40
    articles = {("demo", item.id): item for item in read_paths([ROOT / "demo"]) if isinstance(item, Article)}
    precision, recall = _score(labels, articles)
    assert precision >= 0.9 and recall >= 0.8, (precision, recall)


def test_real_labels_precision_recall(shared_corpora: Path) -> None:
    labels = _read_labels(REAL_LABELS)
    assert len(labels) >= 60 and sum(1 for r in labels if r["corpus"] == "seeds") == 5
    articles: dict[tuple[str, str], Article] = {}
    for corpus in sorted({r["corpus"] for r in labels}):
        wanted = {r["id"] for r in labels if r["corpus"] == corpus}
        for item in read_paths([shared_corpora / corpus]):
            if isinstance(item, Article) and item.id in wanted:
                articles[(corpus, item.id)] = item
    assert len(articles) == len(labels), "a labelled article is missing from ../shared/corpora"
    precision, recall = _score(labels, articles)
    assert precision >= 0.9 and recall >= 0.8, (precision, recall)

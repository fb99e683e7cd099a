"""Speakers decided with evidence from the article: organisations, places and fragments that
read like names are not people; people named without a title still speak.

Each case is written here, not taken from a corpus; the real-corpus checks at the end skip
cleanly without ../shared.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import WRONG_IN_DAN_TRI

from benchmarks.speakers import load_articles, read_labels, score
from search.corpus import Article, read_paths
from search.speakers import canonical_name, extract_speakers

ROOT = Path(__file__).resolve().parent.parent
HALVES = {half: ROOT / "benchmarks" / f"speakers_labels_{half}.jsonl" for half in ("dev", "test")}


def names(text: str) -> list[str]:
    return [s.name for s in extract_speakers(text)]


@pytest.mark.parametrize(
    "text",
    [
        # an office and its organisation: the organisation is no person
        "Chủ tịch Vingroup cho biết, tập đoàn này phải không ngừng đổi mới.",
        "CEO TPBank chia sẻ, dư nợ ngân hàng đang tăng trưởng tốt.",
        "Phó chủ tịch HĐQT LienVietPostBank khẳng định ngân hàng sẽ chia cổ tức.",
        # an office of three words ("người phát ngôn") whose organisation follows it
        "Microsoft cho rằng điều đó có lợi cho khách hàng. Người phát ngôn Microsoft cũng không nói gì thêm.",
        # a capitalised organisation noun opens the run
        "Kênh Radio Esport Valencia xác nhận Drinkwater có thể sang Tây Ban Nha.",
        # the capitalised run continues an English title
        "Một nghiên cứu công bố trên tạp chí Archives of General Psychiatry cho biết, người mắc SAD ngủ nhiều.",
        # syllables glued by a crawl
        "Tuy nhiên, theo ông Tùngthị trường khoa học chưa phát triển.",
        # a common noun with a demonstrative: "this Tai chi master"
        "Võ sư Thái Cực Quyền này bị đánh gục. Võ sư Thái Cực Quyền chia sẻ rằng ông rất buồn.",
        # a place after "thủ đô", a government
        "Chính quyền thủ đô Phnom Penh đã tuyên bố phong tỏa ba quận.",
        # a channel speaks, no person does
        '"Việt Nam đã chứng minh được mình", Fox Sports Asia bình luận.',
        # a sentence's first word is no part of a name
        "Ngoài Mỹ, các quốc gia gồm Anh và Đức đã cam kết hỗ trợ.",
        # a country in the other i/y spelling ("Thụy Sỹ" for "Thụy Sĩ") is a place
        'Các CĐV Thuỵ Sỹ đã rất tích cực. Tờ báo bán chạy nhất Thuỵ Sỹ, Blick, nói rằng: "Đây là trò giải trí".',
        # players of a club
        "Các cầu thủ Chelsea đã tập luyện. Chelsea xác nhận sẽ rời giải đấu.",
        # an opening clause, then a name far down the sentence
        "Trả lời được câu hỏi này, VFF sẽ có cái nhìn thấu đáo, từ đó chọn người kế vị Miura.",
        # the old glued spelling of Saudi Arabia; a zoo's name before a colon
        '"Biện pháp này giống liệu pháp tâm lý hơn", vị quan chức Ảrập Xêút khẳng định.',
        "Thảo Cầm Viên Sài Gòn: Mùng 1 đến mùng 5 Tết triển lãm ảnh xưa và nay.",
        # a player proving himself, a match promising to be good: no speech
        "Tay vợt Nga xinh đẹp Maria Sharapova đã khẳng định ưu thế trong set đầu.",
        "Do đó, trận gặp xứ Wales là cơ hội để David Beckham khẳng định tài năng của mình.",
        "Trận tứ kết Coria - Carlos Moya hứa hẹn hấp dẫn.",
        # a given name far from the verb, in a line-up; a given name ending a newspaper's name
        "Đội hình Afghanistan: Javad Jafari, Hamid Hossaini, Hussaini, Kazemi. Dự đoán tỷ số trận đấu.",
        '"Các tờ đó sẽ được tung ra vào chiều muộn", tổng biên tập của tờ St. Louis Post-Dispatch nói.',
        # a place in a team before a word the article also names as a team: the team's
        "Trận Viettel thắng Nam Định. HLV trưởng Viettel chia sẻ rằng đội sẽ thắng.",
        "CLB Liverpool gia nhập giải. Đội trưởng Liverpool cho biết anh bị cấm thi đấu.",
        # a school's level before a name makes it the school's
        "Ban giám hiệu Trường Tiểu học Isaac Newton cũng cho biết, bữa ăn đảm bảo.",
        # a border post, a military unit, with or without its number
        "Tin từ đồn biên phòng 485 Tén Tằn (huyện Mường Lát) ngày 10/2 cho biết, đã bắt được 4 tù.",
        "Trạm Kiểm soát biên phòng Đà Rằng cho hay, hơn 10 chiếc tàu đã được thông báo.",
        "Trung đoàn 52 Tây Sơn cho biết đã hoàn thành nhiệm vụ.",
        # a club after another, or after its own first word, before a verb, a few words, a colon
        'Cựu HLV Newcastle United và Chelsea tâm sự với vẻ mặt tươi cười: "Tôi luôn vui khi làm việc".',
        'Về phần mình, cựu tiền đạo AC Milan thổ lộ trên đài truyền hình: "Thật vinh dự".',
        # a city of several words before a paper's last word: no title before it
        "Trong khi đó, tạp chí New York Times khẳng định, đây là tài sản của một nhà buôn tranh.",
        "Bà gửi thư ngỏ tới New York Times, kêu gọi Quốc hội xem xét lại dự luật.",
    ],
)
def test_not_a_person(text: str) -> None:
    assert names(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a foreign single name that speaks after its quotation, or before a colon and a quotation
        ('"Tôi không xem đây là một cuộc trả thù", Ronaldinho khẳng định.', ["Ronaldinho"]),
        ('Farrell cho biết: "Dự án này ghi lại cuộc sống của họ".', ["Farrell"]),
        # a street named after a person is all of it: its family name does not leave the people's
        (
            "Công ty có trụ sở ở đường Nguyễn Văn Cừ. Giám đốc Nguyễn Trần Bằng cho biết công ty sẽ hoàn tiền.",
            ["Nguyễn Trần Bằng"],
        ),
        (
            "Đám cháy xảy ra trên đường Lê Hồng Phong. Đại tá Lê Xuân Tình cho biết không ai bị thương.",
            ["Lê Xuân Tình"],
        ),
        # a title, a country of several words, one foreign word: the title's holder
        ('Vua Đan Mạch Frederik phát biểu trên truyền hình: "Xin cảm ơn tất cả".', ["Frederik"]),
        ("Tổng thống Ai Cập Mubarak tuyên bố chính phủ sẽ bồi thường cho các gia đình.", ["Mubarak"]),
        # a few plain words between the verb and its colon, the name opening its clause or titled
        ('Sau trận, Moretti viết trên trang cá nhân: "Làm tốt lắm, các chàng trai".', ["Moretti"]),
        ('Tiền vệ trụ cột Lindqvist cũng đưa ra nhận xét của mình: "Đội bạn chơi hay hơn".', ["Lindqvist"]),
        # the only form of a Vietnamese name in the article, after an honorific
        ('Ông Tuấn (khách mua đào) chia sẻ: "Năm nào tôi cũng lên tận vườn".', ["Tuấn"]),
        # "trưởng tàu" is a title, not a train
        ("Sau sự việc, trưởng tàu Ngô Gia Văn cho biết đây là món đồ giá trị nhất.", ["Ngô Gia Văn"]),
        # an address in parentheses after the name is not the speaker
        ("Chị Minh Trang (Hàng Bài, Hoàn Kiếm) cho biết con chị thi vào lớp 10.", ["Minh Trang"]),
        # the club before the comma is the player's, not a second speaker
        ('"Cậu ấy là người mới", cựu tiền vệ Chelsea, Fabregas chia sẻ.', ["Fabregas"]),
        # the verb right before the colon has its own subject
        (
            "Man City và Chelsea là hai đội bóng đầu tiên tuyên bố rút lui và Chủ tịch UEFA "
            'Aleksander Ceferin phát biểu: "Tôi rất vui".',
            ["Aleksander Ceferin"],
        ),
        # a short form inside two longer names of one person takes the longest
        (
            'Tiền đạo Nguyễn Xuân Son ghi bàn. Xuân Son tiết lộ sau trận. Son cho hay: "Tôi yêu đất nước này".',
            ["Nguyễn Xuân Son"],
        ),
        # a pronoun speaks for the person named just before; the honorific must agree
        ('Bà Nguyễn Thị Lan đến viện sáng nay. Bà cho biết: "Con tôi đã khỏe".', ["Nguyễn Thị Lan"]),
        ("Ông Trần Văn Nam đón khách. Bà cho biết quán đông hơn mọi năm.", []),
        ('"Tôi chỉ đùa thôi", anh nói. Anh Lê Văn Hùng cười.', []),
        ('Anh Lê Văn Hùng đón con. "Tôi chỉ đùa thôi", anh nói.', ["Lê Văn Hùng"]),
        # an interviewer's "you" in a question
        ("Ca sĩ Lê Thu Hà đã về nước. - Cô bình luận gì về lời đồn này?", []),
        # a role for the person named before: "the 41-year-old star", "the painter"
        (
            "HLV Mano Polking dẫn dắt đội bóng. HLV người Brazil cho rằng đối thủ sẽ phòng ngự.",
            ["Mano Polking"],
        ),
        ('Họa sĩ Phạm Ngọc Dương mở triển lãm. "Tôi hạnh phúc", họa sĩ tâm sự.', ["Phạm Ngọc Dương"]),
        # initials inside a name
        ('"Virus có thể gây đại dịch", Tổng thống George W. Bush nói.', ["George W. Bush"]),
        ('K.H. Kim, Chủ tịch LG ở Trung Đông, nhấn mạnh: "Chúng tôi sẽ mở rộng".', ["K. H. Kim"]),
        # "Theo" with a noun of saying, with a title whose syllables block, with "thì"
        ("Theo một báo cáo mới nhất của Mark Gurman, Apple đang làm iPhone gập.", ["Mark Gurman"]),
        (
            "Theo Chủ tịch Ủy ban Bầu cử Aleksandr Vesniakov, quỹ đã nhận 50 triệu rúp.",
            ["Aleksandr Vesniakov"],
        ),
        ('Theo bà Lý Thị Mai - Phó giám đốc trung tâm thì: "Thực tế rất khác".', ["Lý Thị Mai"]),
        # "Phó chủ nhiệm" is an office, "nhiệm" no object's verb
        ("Phó chủ nhiệm Ủy ban TDTT Nguyễn Trọng Hỷ cho biết, hội đồng còn thẩm định.", ["Nguyễn Trọng Hỷ"]),
        # an ordinary person's appositive before the verb
        (
            "Anh Vũ Văn Tám, du khách tham quan cho biết, chưa bao giờ thấy bức tranh lớn như vậy.",
            ["Vũ Văn Tám"],
        ),
        # a quotation a crawl left open does not swallow the next speaker; an aside in
        # parentheses is no subject
        (
            '"Những cây có giá 10 triệu. Dù đắt, những gốc "đào tiến Vua" này vẫn được săn đón. '
            'Ông Tuấn (khách mua đào Thất Thốn) chia sẻ: "Năm nào tôi cũng lên vườn".',
            ["Tuấn"],
        ),
        # a letter that ends a word is no initial ("mạng 5G."); a lord's title is stripped
        ("Mạng 5G. Thôi Quốc Bảo cho biết mạng 6G sẽ nhanh hơn.", ["Thôi Quốc Bảo"]),
        ('"Đó là cuốn sách hay", Lord Robert Winston, chủ tịch ban giám khảo, đánh giá.', ["Robert Winston"]),
        # a comma between degrees is inside the title; "Theo" opens a clause after run-on boilerplate
        ("Theo PGS, TS Phạm Thế Anh, chính sách tiền tệ cần linh hoạt.", ["Phạm Thế Anh"]),
        ("Tin bài đã lưu Theo nhà báo Fabrizio Romano, Ronaldo sẽ ngồi ngoài.", ["Fabrizio Romano"]),
        # a country before a foreign name, a time between the name and its verb
        ("Bộ trưởng Nội vụ Australia Mike Pezzullo hồi tuần này cho rằng, cần chuẩn bị.", ["Mike Pezzullo"]),
        # more verbs of saying: a confession, a description, a post, a hope
        ('Người mẫu Penny Lancaster thú nhận: "Chúng tôi rất muốn có con".', ["Penny Lancaster"]),
        ("HLV Tsutomu Ogura mô tả đây là trận đấu 180 phút.", ["Tsutomu Ogura"]),
        ("Đối với tôi, tiền vệ Nguyễn Hoàng Đức bị chỉ trích là chuyện thường.", []),
        # a headline's speaker before a colon; a firm's line is no speech
        ("Anh đã nổi tiếng từ lâu.", []),
        # a reader's account under a personal name speaks; a brand's does not
        ('"Nghe cũng thú vị đấy chứ", tài khoản Minh Nhật bình luận trên Facebook.', ["Minh Nhật"]),
        ('"Ưu đãi lớn", tài khoản Vietjet Air thông báo.', []),
        # a misspelling of a name of the article joins it
        (
            "Tổng thống Recep Tayyip Erdogan cho biết Ankara sẽ đáp trả. Ông Erdorgan cho rằng lệnh "
            'trừng phạt là sai. Ông Erdogan nói thêm: "Chúng tôi không lùi bước".',
            ["Recep Tayyip Erdogan"],
        ),
        (
            "Ông Martin Haegele đã sang Việt Nam. Theo ông Marin Haegele, hai đội sẽ đá giao hữu.",
            ["Martin Haegele"],
        ),
        # an opener, then a sentence's first word before the name
        (
            'Còn Thorne Lay, nhà địa chấn học, thì nhận định: "Trận động đất này chưa từng có".',
            ["Thorne Lay"],
        ),
        # a word for a person, with the words that say which kind, right before the name
        ("Ngôi sao bóng rổ Dennis Rodman cho biết ông muốn làm cầu nối.", ["Dennis Rodman"]),
        ("Cựu ngôi sao bóng rổ Dennis Rodman cho biết như vậy.", ["Dennis Rodman"]),
        ("Tỷ phú Elon Musk cho biết như vậy.", ["Elon Musk"]),
        # an appositive that opens with an honorific and a noun is a description, not a second person
        ("Joanna Palani, cô gái 23 tuổi, cho biết cô bị cấm rời Đan Mạch.", ["Joanna Palani"]),
        ("Joanna Palani, cô gái từng chiến đấu chống IS, cho biết như vậy.", ["Joanna Palani"]),
        # the head of an office is followed by the office
        ("Người đứng đầu Downing Street cho rằng cần phải điều tra.", []),
        ("Người đứng đầu Scotland Yard Ian Blair bình luận rằng cảnh sát phải được quyền bắn.", []),
        # "Theo lời kể của X": the prefix "lời" ("Theo lời X") left "kể của", a blocker, before X
        ("Theo lời kể của anh Nguyễn Văn Bình, vụ việc xảy ra lúc 3h sáng.", ["Nguyễn Văn Bình"]),
        ("Theo lời khai của Trần Ngọc Giao, công ty đứng ra mua thiết bị.", ["Trần Ngọc Giao"]),
        ("Theo lời anh Nguyễn Văn Bình, vụ việc xảy ra lúc 3h sáng.", ["Nguyễn Văn Bình"]),
        ("Đoàn sang Ukraina theo lời mời của ông Pisarev, Giám đốc Nhà hát.", []),  # an invitation
        # a defendant: "bị" read as the passive kept the name off its verb
        ("Bị cáo Nguyễn Văn Dũng khai nhận đã nhận hối lộ.", ["Nguyễn Văn Dũng"]),
        ("Tại tòa, bị cáo Nguyễn Văn Dũng cho biết không biết việc này.", ["Nguyễn Văn Dũng"]),
        ("Nghi phạm Lê Văn Tám khai nhận đã trộm xe.", ["Lê Văn Tám"]),
        ("Ông Trần Văn Bình bị cáo buộc nhận hối lộ.", []),
        # a foreign name keeps its particles; a Vietnamese word between names joins nothing, and a
        # paper with a particle is still a paper
        ("HLV Erik ten Hag cho biết đội đã chơi tốt.", ["Erik ten Hag"]),
        (
            "Ngoại trưởng Dominique de Villepin khẳng định Pháp phản đối chiến tranh.",
            ["Dominique de Villepin"],
        ),
        ("Tổng thống Luiz Inácio Lula da Silva tuyên bố Brazil sẽ hỗ trợ.", ["Luiz Inácio Lula da Silva"]),
        (
            "Đội tuyển Việt Nam do HLV Park Hang-seo dẫn dắt đã thắng. HLV Park cho biết rất vui.",
            ["Park Hang-seo"],
        ),
        ("Khi tờ nhật báo Corriere della Sera tiết lộ vụ việc, các quan tòa đã ra lệnh bắt giữ.", []),
        # two particles, or a capitalised one and another
        ("Chủ tịch Ủy ban châu Âu Ursula von der Leyen cho biết EU sẽ hỗ trợ.", ["Ursula von der Leyen"]),
        ("Bà Von der Leyen cho biết EU sẽ hỗ trợ.", ["Von der Leyen"]),
        ("HLV Edwin van der Sar cho biết đội đã chơi tốt.", ["Edwin van der Sar"]),
        # "châu Âu" before a name is no part of it
        ("Chủ tịch Ủy ban châu Âu Jean-Claude Juncker cho biết EU sẽ hỗ trợ.", ["Jean-Claude Juncker"]),
        ("Các nước châu Âu cho biết sẽ hỗ trợ Ukraine.", []),
        # a short phrase of time or place between a person and a verb of saying
        ("HLV Piatti gần đây cho biết Alcaraz phải cẩn trọng.", ["Piatti"]),
        ("HLV Kiatisuk một lần nữa khẳng định không có trận nào dễ.", ["Kiatisuk"]),
        (
            "Bộ trưởng Nguyễn Sinh Hùng trong cuộc họp báo đã khẳng định giá sẽ tăng.",
            ["Nguyễn Sinh Hùng"],
        ),
        ("Ông Nguyễn Văn An trong cuộc gặp với ông Trần Văn Bình cho biết hai bên sẽ hợp tác.", []),
        ("Barcelona sau trận đấu cho biết đã ký hợp đồng.", []),
        ("HLV Lê Sỹ Sơn thậm chí cho rằng trọng tài kéo bóng đá đi xuống.", ["Lê Sỹ Sơn"]),
        ("Công ty Trí Việt đã tỏ ra rất tự tin khi nói về công việc.", []),
        # "thế giới" in an organisation's description after an office blocks nothing
        (
            "Chủ tịch Liên đoàn bóng đá thế giới Gianni Infantino nhấn mạnh giải sẽ bị cấm.",
            ["Gianni Infantino"],
        ),
        ("Ông ấy nói thêm rằng thế giới Nguyễn Văn An cần nhắc nhở.", []),
        # right after a quotation, a two-word Vietnamese name whose first word opens bodies' names
        ('"Cầu thủ Đồng Tâm đang hưng phấn", Công Minh nói.', ["Công Minh"]),
        ('"Đây là cơ sở để xử phạt", Quốc Anh cho hay.', ["Quốc Anh"]),
        ('"Giá điện sẽ tăng", Công Thương cho hay.', []),
        ('"Đây là cơ sở để xử phạt", Công an Hà Nội cho hay.', []),
        # "gia đình X" is X's family: X may still speak on its own after a quotation
        (
            'Dù vậy, gia đình Michelle vẫn khó khăn. "Chúng tôi phải vật lộn với hóa đơn", Michelle cho biết.',
            ["Michelle"],
        ),
        ('Anh sống tại London. "Chúng tôi phải vật lộn với hóa đơn", London cho biết.', []),
        # an appositive that runs into the verb, a title first: its blocker syllables ("bán")
        # govern no one
        (
            "Tại buổi gặp, ông Lâm Văn Hải, giám đốc bán hàng của Pepsi giải thích rằng sản phẩm an toàn.",
            ["Lâm Văn Hải"],
        ),
        ("Ông Vũ Mão - Chủ nhiệm Ủy ban Đối ngoại Quốc hội đã bày tỏ điều mong ước trên.", ["Vũ Mão"]),
        ('"Việc này không có lợi", Trưởng dự án Chris Battershill cho biết.', ["Chris Battershill"]),
        # an office, its country or body, "tại" and the post's place, then the name
        ("Đại sứ Mỹ tại Việt Nam Marc Knapper cho biết hai nước sẽ hợp tác.", ["Marc Knapper"]),
        ("Đại sứ Việt Nam tại Mỹ Hà Kim Ngọc cho biết hai nước sẽ hợp tác.", ["Hà Kim Ngọc"]),
        ("Giám đốc WHO tại Việt Nam Kidong Park cho biết dịch đang giảm.", ["Kidong Park"]),
        (
            "Theo các chuyên gia tại Trung tâm y tế Baptist Memorial (Mỹ), có thể kiểm soát chứng rụng tóc.",
            [],
        ),
        # "<office> là <name>": who holds the office speaks
        (
            "Phát ngôn viên của Nhà Trắng lúc đó là Ari Fleischer yêu cầu Bắc Triều Tiên kiềm chế.",
            ["Ari Fleischer"],
        ),
        ("Giám đốc Sở thời kỳ đó là ông Hoàng Công Định cho biết sở đã làm đúng.", ["Hoàng Công Định"]),
        # "<who> là X <verb>": X is the verb's subject, office or not ("Lái xe là X cho biết")
        ("Người đoạt giải là Nguyễn Văn An cho biết rất vui.", ["Nguyễn Văn An"]),
        # Chinese family names that open bodies' names elsewhere ("Tập đoàn")
        ("Tổng Bí thư, Chủ tịch nước Tập Cận Bình nhấn mạnh quan hệ hai nước.", ["Tập Cận Bình"]),
        ("Tập đoàn Vingroup cho biết sẽ đầu tư thêm.", []),
        # an acting or a new office holder's appositive runs into the verb
        (
            "Ông Hoàng Vũ Thảnh - quyền Chủ tịch UBND TP Vũng Tàu cho biết, chính quyền đã tăng cường.",
            ["Hoàng Vũ Thảnh"],
        ),
        # a given name whose first syllable opens bodies' names ("Trung tâm", "Quân khu", "Quốc
        # hội") is a person's after an honorific, and only there
        ("Giá vẫn cao. Anh Quân Ngô, chủ một cửa hàng, cho biết iPhone cháy hàng.", ["Quân Ngô"]),
        ('"Tôi rất mệt mỏi", anh Trung Hiếu, sống tại Hà Nội, chia sẻ.', ["Trung Hiếu"]),
        ("Ông Quốc Thắng, chủ cửa hàng sơn Minh Hạnh, cho biết sức mua tăng.", ["Quốc Thắng"]),
        ("Trung Tâm Bảo Hành cho biết máy đã sửa xong.", []),
        ("Quân Khu 7 cho biết đã diễn tập xong.", []),
        # a lone foreign name with a person's title in its appositive, then a verb of saying
        (
            '"Chúng tôi chỉ còn dưỡng khí cho 15 phút", Baluja, giám đốc bệnh viện Jaipur, cho hay.',
            ["Baluja"],
        ),
        ("Samsung, nhà sản xuất điện thoại lớn nhất, cho biết giá sẽ tăng.", []),
        ("Barcelona, đương kim vô địch, cho biết đã ký hợp đồng.", []),
        # a country abroad in two capitalised words is no one
        ("Theo các nhà sản xuất và xuất khẩu Sri Lanka, giá giảm vì nguồn cung tăng.", []),
        ("Bờ Biển Ngà cho biết sẽ tăng sản lượng ca cao.", []),
        ("Giá cao. Anh Hải Nam cho biết giá vẫn tăng.", ["Hải Nam"]),
        # "đưa ra" and a noun of saying is a verb of saying; an offer or a goal is not
        ("Ông Nguyễn Văn Nam đưa ra nhận định rằng giá sẽ tăng.", ["Nguyễn Văn Nam"]),
        ("Thống đốc Lê Minh Hưng đưa ra lời cảnh báo về nợ xấu.", ["Lê Minh Hưng"]),
        ("Ông Nguyễn Văn Nam đưa ra quyết định từ chức.", []),
        ("Phút 18, nhà đương kim vô địch Tây Ban Nha, Valencia, đưa ra câu trả lời.", []),
        # a title, one plain word (no tone mark, no inner capital) and a verb of saying: a person
        # the article names no more fully
        ("Tổng thống Moon cho biết hai nước sẽ hợp tác.", ["Moon"]),
        ("Thủ tướng May cho biết Anh sẽ rời EU.", ["May"]),
        ("BS Minh cũng khuyến cáo rằng da sẽ rát nếu tắm trắng liên tục.", ["Minh"]),
        ("Học viện đào tạo kỹ sư An toàn thông tin.", []),
        ("Thí sinh hỏi, phụ huynh. Xin cho biết điểm chuẩn năm nay?", []),
        ("Tổng thư ký BoI cho biết các nhà đầu tư đến Thái Lan.", []),
        ("Chủ tịch Hội cho biết giá tăng.", []),
        ("Nói về ca mổ, bác sĩ Thành nói rất khó.", ["Thành"]),
        ("Theo đó, TS Bắc cho biết nếu chậm thì nguy hiểm.", ["Bắc"]),
        ("Thủ tướng Anh cho biết sẽ rời EU.", []),
        ("Chủ tịch Xã cho biết đã hỗ trợ người dân.", []),
        ("Nhà văn Nguyên Ngọc từng nhận xét, tác phẩm hay.", []),  # "Nguyên" opens the name
        # a country between a title and one foreign word belongs to the title, not the name
        ("Tổng thống Mỹ Bush tuyên bố sẽ không thay đổi chính sách.", ["Bush"]),
        ("Vua Nepal Gyanendra hôm nay tuyên bố giải tán chính phủ.", ["Gyanendra"]),
        ('Tổng thống Nga Putin nói: "Tốt".', ["Putin"]),
        (
            '"Sản phẩm sẽ tương thích", Jordan Greenhall, trưởng phòng của DivX, cho biết.',
            ["Jordan Greenhall"],
        ),
        ("Ca sĩ Mỹ Tâm nói sẽ hát.", ["Mỹ Tâm"]),
        ("Giám đốc Hà Nội Aptech nhận định Hà Tây là địa bàn phù hợp.", []),
        # a relative before the name speaks, not the name
        ('Mẹ cháu Phan Tấn Tài xúc động nói: "Cuộc sống khó khăn".', []),
        ("Chồng bà Tahseen Ali Hassan nói rằng bà bị bắt cóc.", []),
        ("Cha của Na Young cho biết, ông sẵn sàng chi tiền.", []),
        ("Gia đình cháu Dương Thị Minh Thảo cho biết, trước đó cháu khỏe.", []),
        ("Bạn bè Brooklyn Beckham tiết lộ, bố mẹ cậu kết hôn sớm.", []),
        ("Theo gia đình anh Trần Văn Tú, anh đã đi làm.", []),
        ('Ông bố Nguyễn Văn Hùng, cựu HLV, cho biết: "Tốt".', ["Nguyễn Văn Hùng"]),
        ('Vợ chồng bà Đỗ Thị Căng, gần 70 tuổi, cho biết: "Chúng tôi đi bộ".', ["Đỗ Thị Căng"]),
        ('Cha Thomas Reese bình luận: "Tốt".', ["Thomas Reese"]),
        # "Tướng" alone is a title, also as the sentence's first word
        ("Tướng Giáp tuyên bố chiến dịch sẽ thắng.", ["Giáp"]),
        ("Tướng Mỹ Mark Kimmitt cho biết, 2 binh sĩ thiệt mạng.", ["Mark Kimmitt"]),
        # a Chinese name is short for its family name
        ("Vương Gia Vệ nổi tiếng với phim 2046. Đạo diễn Vương nói phim cần kịch bản.", ["Vương Gia Vệ"]),
        # a given name before initials is one name with them, whatever comes before it
        ("Theo bác sĩ Donald H. Taylor, bỏ thuốc sớm thì sống lâu hơn.", ["Donald H. Taylor"]),
        ("Chủ tịch Exxon Mobil, ông Lee R. Raymond, cho biết lãi kỷ lục.", ["Lee R. Raymond"]),
        # "Theo X và Y,": both
        (
            "Theo bác sĩ Donald Taylor và bác sĩ Truls Ostbye thuộc Đại học Duke, bỏ thuốc sớm thì sống lâu.",
            ["Donald Taylor", "Truls Ostbye"],
        ),
        ("Theo ông Nguyễn Văn Bình và Bộ Tài chính, giá sẽ tăng.", ["Nguyễn Văn Bình"]),
        ("Theo ông Nguyễn Văn Bình, bà Trần Thị Lan đã ký hợp đồng.", ["Nguyễn Văn Bình"]),
        # "Title Organisation, ông X, cho biết": the organisation is no second person
        ("Chủ tịch Exxon Mobil, ông Lee Raymond, cho biết lãi kỷ lục.", ["Lee Raymond"]),
        ("Thông qua luật sư John O'Connor, ông Mark Felt kể lại sự thật.", ["Mark Felt"]),
        # "tên là" before a name names a person, it is no "X là Y"
        ('"Thế là quá đủ rồi", một người tên là Craig DeRosa nói.', ["Craig DeRosa"]),
        ("Công ty tên là Hoa Sen cho biết giá tăng.", []),
        # "vấn" of "nhà tư vấn" governs no one in an appositive that runs into its verb
        ("Shu Xin, một nhà tư vấn ở Thượng Hải cho biết giá sẽ tăng.", ["Shu Xin"]),
        # a title farther back than three words before "Organisation, Name"; "gần đây" before the verb
        (
            "Giám đốc điều hành VeriSign, Stratton Sclavos, gần đây tuyên bố ICANN cản trở Internet.",
            ["Stratton Sclavos"],
        ),
        # what the speaker said opens with a pronoun for the speaker: a person, not a firm
        ("Nhưng Brad Pitt khẳng định, anh thuộc tuýp người quen chịu cực.", ["Brad Pitt"]),
        ("Renee Zellweger còn tiết lộ, cô vẫn chưa quen gọi Kenny là ông xã.", ["Renee Zellweger"]),
        # a relative right before the name speaks, as the sentence's first word too
        ("Whelan, 40 tuổi, chơi mỗi ngày. Vợ Whelan cho biết bà chưa từng có ý định ly dị.", []),
        ("Mẹ An Nhiên cho biết, con gái được dạy dỗ rất nghiêm khắc.", []),
        # a place after "hầm", "trạm", "đèo" is a place in the whole article
        ("Tập đoàn Đèo Cả - chủ đầu tư dự án hầm Hải Vân - thông báo sẽ tăng phí.", []),
        # titles: "Hồng y", "Stylist"
        ("Hồng y Christoph Schoenborn nhận xét ngài là người kín đáo.", ["Christoph Schoenborn"]),
        ("Stylist Phong Trương cho biết cô chọn trang phục này.", ["Phong Trương"]),
        # a run written again and again is one name, though its first word is seen alone too
        (
            'Pushpika De Silva, 31 tuổi, đăng quang. Jurie giật vương miện khỏi đầu Pushpika. De Silva nói: "Tôi'
            ' chưa ly hôn". Pushpika De Silva sau đó nhận lại vương miện.',
            ["Pushpika De Silva"],
        ),
        (
            "Chủ tịch Tottenham Daniel Levy cho biết CLB sẽ bán cầu thủ. Tottenham đang khó khăn.",
            ["Daniel Levy"],
        ),
        # a country before initials is no given name; an appositive that describes a body is no role
        ("Bộ trưởng Nội vụ Venezuela J.Chacon cho biết có 3 người chết.", ["J. Chacon"]),
        ("Ukrayinska Pravda, một trang web thông tin, cho biết giá tăng.", []),
        (
            "Thaworn Senniam, một trong các nghị sĩ đối lập, nói đã hỏi ý kiến chuyên gia.",
            ["Thaworn Senniam"],
        ),
        # a title that opens a longer phrase before "Organisation, Name,"; more titles
        ("Chủ tịch Phòng thương mại Quito, Blasco Penaherrera, cho hay giá tăng.", ["Blasco Penaherrera"]),
        ("Tay trống Tommy Cunningham tiết lộ nhóm đã làm lành.", ["Tommy Cunningham"]),
        ("Phó chủ tịch FAM, Datuk Seri Ibrahim Saad, cho biết giải sẽ hoãn.", ["Ibrahim Saad"]),
        # "hứa" (promises), "nhìn nhận", "bảo rằng" are verbs of saying; a capitalised "Hứa" is a name's
        ("Ông Trần Đắc Sửu hứa sẽ phối hợp với các cơ quan liên quan.", ["Trần Đắc Sửu"]),
        ("Chính HLV Pepe Murcia cũng nhìn nhận, thắng Sevilla là nhiệm vụ khó.", ["Pepe Murcia"]),
        ("Dàn nghệ sĩ gồm NSƯT Kim Tử Long, NSND Trịnh Kim Chi, Lê Khánh, Quốc Trường, Hứa Minh Đạt.", []),
        # "Theo ông, ...": the pronoun stands for the person just named
        ("Ông Nguyễn Văn An là chuyên gia kinh tế. Theo ông, giá sẽ tăng.", ["Nguyễn Văn An"]),
        ("Bà Lê Thị Hoa đến thăm. Giá vàng tăng mạnh, theo bà, là do đầu cơ.", ["Lê Thị Hoa"]),
        # a title after an honorific at a sentence's start is no part of the name; "Nguyên" may be one
        ("Ông Datuk Christopher Raj dự đoán kịch bản tồi tệ.", ["Christopher Raj"]),
        ('Ông Trưởng ban quản lý chợ Hòa Hưng nói: "Rác đổ xuống sông".', []),
        (
            "Ông Phạm Khôi Nguyên đến thăm. Ông Nguyên cho biết nghề nuôi tôm phát triển.",
            ["Phạm Khôi Nguyên"],
        ),
        # a firm's name then a man's, when the article also writes the man's name on its own
        (
            "Amazon đầu tư lớn. CEO Amazon Web Services Matt Garman cho biết giá tăng. Matt Garman nói thêm.",
            ["Matt Garman"],
        ),
        # a name before "X, ông Y cho biết" speaks with Y only when it opens its clause
        (
            "Sau màn ra mắt của tiền đạo nhập tịch Nguyễn Xuân Son, ông Kim cho biết bóng đá đã trở lại.",
            ["Kim"],
        ),
        ("Tại buổi tiếp kiến Phó thủ tướng Vũ Khoan, ông Glenne khẳng định sự ủng hộ.", ["Glenne"]),
        # ", khi nói": the verb is the clause subject's, not the object's before the comma
        ("Còn HLV Ogura tự tin khắc chế tiền đạo Xuân Son, khi nhấn mạnh bóng đá là 11 người.", []),
        # after a comma, a pronoun of the other sex opens another person's clause before a colon
        ('Chị Nguyễn Thị Hồng nổi cơn ghen, anh xoa dịu: "Em đừng lo!"', []),
        ('Bà Toán, chị của bà Phạm, bức xúc: "Nó có tội tình gì đâu".', ["Toán"]),
        # "X, <verb>": X speaks when it opens its clause or has a title, not when it is an object
        (
            "Tuy nhiên, ông Toni Nadal, chú ruột của huyền thoại Rafael Nadal, cho rằng Sinner gặp may.",
            ["Toni Nadal"],
        ),
        ("Tác giả kịch bản, nhà thơ Đoàn Tuấn, cho biết đây là chuyện có thật.", ["Đoàn Tuấn"]),
        # "đáp trả" is a team striking back unless a colon follows; firms' and roads' names
        ("Phút 60, Tottenham đáp trả với một đợt tấn công dồn dập.", []),
        ('Tay vợt Mary Pierce thì đáp trả: "Tôi đã 30 tuổi rồi".', ["Mary Pierce"]),
        ("Công ty quản lý BigHit Music thông báo BTS sẽ tổ chức concert.", []),
        ("Tại cao tốc Pháp Vân - Cầu Giẽ đã ghi nhận 91 trường hợp vi phạm.", []),
        # after an opening phrase, the name after the comma speaks unless the verb has its own subject
        (
            "Trả lời báo chí về trường hợp Trưởng ban kỷ luật, ông Vũ Hạng, vẫn được tin dùng, ông Dương"
            ' Nghiệp Khôi nói: "Ông Hạng đã làm tốt".',
            ["Dương Nghiệp Khôi"],
        ),
        (
            "Phát biểu sau trận đấu, HLV Chelsea, ông Jose Mourinho, vui vẻ phát biểu rằng đội đã cố gắng.",
            ["Jose Mourinho"],
        ),
        # "Hai Bà Trưng" is a district: "Bà" there is no woman's honorific
        (
            "Bà Nguyễn Thị Thu Hiền, Phó trưởng Phòng GD&ĐT quận Hai Bà Trưng cho biết giá tăng.",
            ["Nguyễn Thị Thu Hiền"],
        ),
        # Arabic names keep their lowercase article ("al-", "el-", "bin-"); "nhà tư vấn" is a trade
        (
            "Ông Diaa al-Saadi, quan chức trong liên đoàn luật sư Iraq, cho biết gia đình đã xác nhận.",
            ["Diaa al-Saadi"],
        ),
        ("Tổng thống Syria Bashar al-Assad lên án vụ ám sát.", ["Bashar al-Assad"]),
        ("Theo nhà tư vấn tâm lý Audrey Chapman, vai trò của phụ nữ đã đổi khác.", ["Audrey Chapman"]),
        ("Theo nhà tư vấn Sasaki Associates, khu đô thị rộng 770 ha.", []),
        # a quotation, a dash, the speaker: '"..." - X, <who X is> nhận xét - "..."'
        (
            '"Loại giấy đó là không cần thiết" - Celeste Kuta, phát ngôn viên của PG nhận xét - "Hãy rửa tay".',
            ["Celeste Kuta"],
        ),
        (
            '"Thờ phượng người đã chết là trách nhiệm"- nhà lập pháp Takeo Hiranuma thừa nhận.',
            ["Takeo Hiranuma"],
        ),
        # "công nghệ thông tin", "hệ thống nhắn tin": nouns, no speech
        ("Ông Hoàng Lê Minh, đại diện Ban quản lý dự án công nghệ thông tin thành phố đã ký thỏa thuận.", []),
        # "lãnh đạo" before a Vietnamese name without a family name is a firm's leadership
        ("Theo lãnh đạo Bảo Việt VN, bảo hiểm rủi ro đóng tàu là nghiệp vụ mới.", []),
        ('Lãnh đạo Palestine Mahmoud Abbas thì đánh giá đây là "sự kiện lịch sử".', ["Mahmoud Abbas"]),
        # a body that speaks as one, an institution, then the institution's name: no person named
        ("Trước đó, lãnh đạo Trường Tiểu học Lương Thế Vinh cho biết cần thêm thời gian.", []),
        ("Theo ban giám đốc bệnh viện Nguyễn Tri Phương, bệnh viện đã tiếp nhận 14 ca.", []),
        ("Theo ban quản lý chợ đầu mối Trần Chánh Chiếu (TP HCM), đường đã tăng giá.", []),
        ("Các bác sĩ Bệnh viện Đa khoa Xanh Pôn cũng cho biết từng gặp một số ca như vậy.", []),
        ("Đại diện của Công ty TNHH Phạm Tuân kể rằng hàng bị giữ nhiều lần.", []),
        # ... but a person: after a place the institution's name holds ("TP HCM"), after "và"
        # (another phrase), or after an office that one person holds
        (
            "Đại diện Viện Kinh tế TP HCM Nguyễn Thiềng Đức cho biết điều 54 quy định như vậy.",
            ["Nguyễn Thiềng Đức"],
        ),
        ("Phía bệnh viện và sản phụ Hoàng Thị Thuyết đều cho rằng có sự nhầm lẫn.", ["Hoàng Thị Thuyết"]),
        ("Giám đốc Bệnh viện Chợ Rẫy Nguyễn Trường Sơn cho biết bệnh nhân đã tỉnh.", ["Nguyễn Trường Sơn"]),
        # right after a body that speaks as one, a name without a family name is the body's ...
        ("Ban huấn luyện Hòa Phát khẳng định họ sẽ ký hợp đồng với hai cầu thủ trên.", []),
        ("Theo Ban Quản lý Mỹ Thuận, toàn bộ khối lượng công trình đã đạt 40%.", []),
        # ... not after "phía" (a person's side), nor when one person holds the body's office
        ('"Mọi việc đều do nhà sản xuất làm", phía Nhã Phương cho biết.', ["Nhã Phương"]),
        ("Trưởng ban tổ chức Phương Hữu Việt cho rằng một số dự án tương đối xuất sắc.", ["Phương Hữu Việt"]),
        # countries, a border gate, the news agency with a lowercase "xã"
        ("Nhật Bản và Mông Cổ kêu gọi các nước nghiêm cấm việc thu phí ngầm.", []),
        ("Cán bộ hải quan cửa khẩu Mộc Bài cho rằng họ bị kết án oan.", []),
        ("Theo Tân Hoa xã, có 12 người bị thương trong trận động đất.", []),
        # "Từ <a place>," says where from: not the family name Từ ("Từ Minh Hải" is a man)
        (
            "Từ Washington, phát ngôn viên Richard Boucher nói rằng không có dấu hiệu nào.",
            ["Richard Boucher"],
        ),
        ("Từ Mỹ, ca sĩ Ánh Tuyết khẳng định với VnExpress là không có chuyện đó.", ["Ánh Tuyết"]),
        ("Ông Từ Minh Hải cho biết giá vàng đã tăng.", ["Từ Minh Hải"]),
        # "Thế giới" (the world) ends an organisation's name; "Thế giới thiệu" is a man introducing
        ("Theo Hội đồng Vàng Thế giới, giá vàng đã tăng 28%.", []),
        ('Ông Đinh Văn Thế giới thiệu: "Sản phẩm này rất tốt".', ["Đinh Văn Thế"]),
        # a club's fans, its lines and its initials name it as a team: its statement is no one's
        ('Người hâm mộ Liverpool biểu tình phản đối. Liverpool tuyên bố: "Câu lạc bộ đã lắng nghe".', []),
        ('Hàng tiền vệ Liverpool áp đảo đối phương. Liverpool tuyên bố: "Câu lạc bộ đã lắng nghe".', []),
        ('Trên trang web chính thức của mình, AC Milan nói: "Dida đã bị tổn thương cổ chân".', []),
        (
            "Inter Milan khởi đầu tuyệt vời, AC Milan thì không. HLV Milan, ông Carlo Ancelotti, thất vọng cho"
            ' biết: "Trời mưa, sân ướt sũng".',
            ["Carlo Ancelotti"],
        ),
        # a first predicate, "và", then a verb of saying: the name that opens the clause speaks
        (
            "Bộ trưởng Nội vụ Đức Otto Schily hoan nghênh quyết định trên và cho rằng nó có ích.",
            ["Otto Schily"],
        ),
        ("Sau khi hội ý, nhóm cán bộ gọi anh Nguyễn Quyết Thắng vào và nói rằng sẽ phạt 4 triệu.", []),
        # a role with no name speaks for the one person the article titled so, however far back
        (
            "Tiền vệ Nguyễn Hoàng Đức ký tặng một nữ CĐV. Trận đấu kết thúc 1-0. Ai cũng buồn. "
            "Sau trận, tiền vệ sinh năm 1998 tiếc nuối khi chỉ thua.",
            ["Nguyễn Hoàng Đức"],
        ),
        (
            "Trọng tài chính Kim Woo-sung xua tay, nhưng VAR vào cuộc. "
            "Sau đó, trọng tài người Hàn Quốc cho rằng bóng chạm tay.",
            ["Kim Woo-sung"],
        ),
        (
            "Thủ tướng Phan Văn Khải đến thăm Bến Tre. Đoàn đi thăm nhiều nơi. Trời mưa to. "
            "Thủ tướng yêu cầu tỉnh đẩy mạnh phát triển.",
            ["Phan Văn Khải"],
        ),
        # ... not for a longer title, nor when two people hold it, nor for anyone in that role
        (
            "Phó Thủ tướng Vũ Khoan đến thăm Bến Tre. Đoàn đi thăm nhiều nơi. Trời mưa to. "
            "Thủ tướng yêu cầu tỉnh đẩy mạnh phát triển.",
            [],
        ),
        (
            "Thủ tướng Phan Văn Khải đến thăm Bến Tre. Đoàn đi thăm nhiều nơi. Trời mưa to. "
            "Thủ tướng yêu cầu tỉnh đẩy mạnh phát triển. Thủ tướng Thaksin Shinawatra cũng đến.",
            [],
        ),
        (
            "Trọng tài Trần Thế Anh rút thẻ đỏ. Đội khách phản ứng. Trận đấu tạm dừng. "
            "Trọng tài phải đánh giá mức độ nguy hiểm của pha phạm lỗi.",
            [],
        ),
        (
            "Cảnh sát cho biết bạn trai của hoa hậu là Orlando Garcia Urquiza. Anh ta bị bắt. Trời mưa. "
            "Hoa hậu khẳng định không biết gì.",
            [],
        ),
        (
            'Hậu vệ Gary Neville tỏ rõ quyết tâm. Trận đấu rất hay. Trời mưa. Hậu vệ biên phải này nói: "Tôi sẽ thắng".',
            ["Gary Neville"],
        ),
        # a short form with one syllable's accents slipped is the full name's
        (
            'HLV Sài Gòn FC Phùng Thành Phương dự họp báo. "Tôi hài lòng", HLV Thanh Phương nói.',
            ["Phùng Thành Phương"],
        ),
        # "doanh nhân" is a title: "với doanh nhân X" makes X an object, not who announced
        ("Cô từng chung sống với doanh nhân Cho Seong Hyun trước khi thông báo ly hôn.", []),
        ("Doanh nhân Nguyễn Văn Ân cho biết công ty sẽ mở rộng.", ["Nguyễn Văn Ân"]),
        # "Ban" opens boards' names, but not before a Korean given name
        ("Ngoại trưởng Hàn Quốc Ban Ki-moon hôm nay tiết lộ Triều Tiên sẽ đàm phán.", ["Ban Ki-moon"]),
        ("Ban Chỉ đạo Trung ương cho biết sẽ kiểm tra.", []),
        # an official's account to a meeting, a criticism: speech
        (
            "Ông Nguyễn Đức Bảo, Hạt trưởng Kiểm lâm huyện Nam Giang, giải trình: mùa lũ là lúc thuận tiện.",
            ["Nguyễn Đức Bảo"],
        ),
        # a first predicate, a comma, "nhưng", then a verb of saying: the same subject speaks
        ("HLV Nguyễn Tuấn Kiệt bất ngờ, nhưng khẳng định đội có sẵn phương án.", ["Nguyễn Tuấn Kiệt"]),
        # "Quả bóng vàng" is an award used as a title: "Quả Bóng Vàng Việt Nam" is no one's name
        ("Quả Bóng Vàng Việt Nam thừa nhận đã chơi không tốt, nhưng cho rằng có lý do khách quan.", []),
        ("Quả bóng vàng Nguyễn Văn Quyết cho rằng đội đã chơi tốt.", ["Nguyễn Văn Quyết"]),
        # a lone given name that opens its clause, who they are between commas, then a verb
        ("Hoa, 25 tuổi, nhân viên văn phòng, cho biết cô thường đi xe buýt.", ["Hoa"]),
        ("Minh, chủ một quán cà phê trên phố Huế, cho biết giá đã tăng.", ["Minh"]),
        ("Tùng, một DJ đang chơi nhạc tại Hale Club, khẳng định trình độ ngang nhau.", ["Tùng"]),
        # ... not a conjunction ("Song," is "however"), nor a source that is no one
        ("Song, một nguồn tin cho biết, anh ta là người lăng nhăng.", []),
        ("Hà Nội, một thành phố lớn, cho biết sẽ tăng giá.", []),
        # a date written "25-4" between the name and its verb, but not "quận 3 -" ending an appositive
        ("Ngoại trưởng Condoleezza Rice hôm 25-4 đã bày tỏ lo ngại về tuyên bố này.", ["Condoleezza Rice"]),
        # "X, <abbreviation> verb": the abbreviation (a court, a club) is the subject, X its topic
        ("Còn Nguyễn Văn Thành, HĐXX cho rằng phải áp dụng thêm tình tiết tăng nặng.", []),
        ("Ngoài Tuấn Anh, HAGL còn kỳ vọng vào cái duyên ghi bàn của Minh Vương.", []),
        # ... but an abbreviation may end a longer appositive
        (
            "GS. Nguyễn Văn Mậu, nguyên Hiệu trưởng Trường ĐH Khoa học Tự nhiên, ĐHQGHN cho biết cần đổi mới.",
            ["Nguyễn Văn Mậu"],
        ),
        # a pronoun for the speaker after a short phrase set off by commas vouches for a foreign name
        (
            "Maher Arar bị bắt năm 2002. Arar cho biết, trong 10 tháng ngồi tù, anh bị đánh đập.",
            ["Maher Arar"],
        ),
        ("Real Madrid bị phạt. Real Madrid cho biết, trong mùa này, họ sẽ kháng cáo.", []),
        # a pronoun speaks for the one foreign name of two words written just before it
        ('Paris Hilton đến Cannes. Cô nói: "Đó là một bộ phim rất gợi cảm".', ["Paris Hilton"]),
        # ... not when another name was written there too
        ('Paris Hilton đến Cannes cùng Nicole Richie. Cô nói: "Đó là một bộ phim rất gợi cảm".', []),
        # what someone said as a noun they own, with the words said in the sentence
        (
            '"Ghế HLV có bốn chân thì cầu thủ nắm đến ba" là câu nói nổi tiếng của ông Đặng Trần Chỉnh.',
            ["Đặng Trần Chỉnh"],
        ),
        ('"Tôi sẽ về nước". Đó là lời tâm sự của anh Hồ Anh Thành, 30 tuổi.', ["Hồ Anh Thành"]),
        ("Nam Định chi nhiều chưa từng có, như lời của HLV Nguyễn Văn Sỹ.", ["Nguyễn Văn Sỹ"]),
        # ... not the noun with no words ("lấy lời khai"), not lyrics, not a spokesman's master
        ("Cơ quan công an đang lấy lời khai của trọng tài Lê Văn Tú.", []),
        ("Bắc Triều Tiên sẽ đàm phán sau bài phát biểu của Tổng thống Bush.", []),
        ("Bài hát có lời của nhạc sĩ Trịnh Công Sơn.", []),
        ("Người phát ngôn của Tổng thống Gloria Arroyo cho biết bà sẽ ăn mừng.", []),
        # an exclamation, an accusation, a question put: said
        ('Nhà sản xuất Chris Lamb thốt lên: "Đấy mới là Madonna".', ["Chris Lamb"]),
        (
            "Ngày 21/6, Trần Văn Tiến tố cáo với ban chuyên án rằng bà Hằng thuê anh đánh người.",
            ["Trần Văn Tiến"],
        ),
        ('HLV Oleg Blokhin đặt câu hỏi: "Các bạn có thấy nhớ cậu ấy không?"', ["Oleg Blokhin"]),
        # a suspect's admission is reported speech (issue 16: "quoted or reported, directly or
        # indirectly"); it was left out before the labelled halves said otherwise
        ("Tại cơ quan công an, Lê Văn Tâm đã thừa nhận toàn bộ hành vi phạm tội.", ["Lê Văn Tâm"]),
        # a short form two people share goes to the one titled as it is ("thủ môn Kahn"); an
        # honorific alone ("ông Trung") says too little
        (
            'Bà của thủ môn Oliver Kahn là người Latvia. Ông Rolf Kahn cho biết điều đó. Thủ môn Kahn khẳng định: "Đúng".',
            ["Rolf Kahn", "Oliver Kahn"],
        ),
        ("Ông Nguyễn Văn Trung và Lê Minh Trung đều có mặt. Ông Trung cho biết sẽ đi sớm.", []),
        # "như X nói, ...": what X said, in passing
        ("Như bầu Đức nói, TP HCM nên quên chức vô địch.", ["Đức"]),
        ("Tôi làm việc như ông Nguyễn Văn An nói.", []),
        # "ông ta", "anh ấy": a pronoun of two words
        ("Ông Jack Roche bị kết án 9 năm tù. Ông ta nói rằng ông có thể gặp nguy hiểm.", ["Jack Roche"]),
        # a pronoun, a few words, then a colon that opens a quotation
        (
            'Chị Phan Thị Thu Lan năm nay 40 tuổi. Hỏi về nguyên nhân, chị ngậm ngùi: "Thú thật là tôi không biết".',
            ["Phan Thị Thu Lan"],
        ),
        ('Chị Phan Thị Thu Lan năm nay 40 tuổi. Chị lặng im, nhìn ra cửa: "Thú thật".', []),
        # a quotation of several sentences before "anh nói": who spoke counts from where it opens
        (
            'Ông Hải Điệp nói ông chỉ diễn chèo. Một lần, đạo diễn Trần Lực ghé quán nước của ông. "Tôi rất'
            ' bâng khuâng. Tôi gặp nhiều bỡ ngỡ", ông nói.',
            ["Hải Điệp"],
        ),
        # the one person named before, by a foreign name or its surname, is who the pronoun stands
        # for; names inside the quotation are what was said, not who said it
        (
            'Vladimir Smicer rời Liverpool sau sáu mùa. Smicer đã chơi rất hay. "Tôi sẽ nhớ nơi này", anh nói.',
            ["Vladimir Smicer"],
        ),
        (
            'Vladimir Smicer rời Liverpool sau sáu mùa. "Tôi nhớ Steven Gerrard. Tôi sẽ nhớ nơi này", anh nói.',
            ["Vladimir Smicer"],
        ),
        (
            'Bunny mặc đẹp từ năm 12 tuổi. Bad Bunny nổi tiếng. "Tôi không phân biệt giới tính. Tại sao chỉ phụ'
            ' nữ mới được sơn móng tay? Chỉ là móng tay thôi mà", anh nói.',
            ["Bad Bunny"],
        ),
        ('Vladimir Smicer rời Liverpool. Steven Gerrard ở lại. "Tôi sẽ nhớ nơi này", anh nói.', []),
        # "Còn", "Riêng", "Nhưng" opening the sentence make the name its topic, not an object; the
        # body in a title before a comma is the office of the name after it
        ('Còn ông Nguyễn Văn An tin tưởng: "Sẽ tốt".', ["Nguyễn Văn An"]),
        (
            "Còn Thorne Lay, Chủ tịch Viện nghiên cứu địa chấn học, đồng thời là một nhà địa chấn học tại"
            ' Đại học California thì nhận định: "Trận động đất này rất lớn".',
            ["Thorne Lay"],
        ),
        (
            'Nhưng đội trưởng Liverpool, Steven Gerrard, thì không nghĩ vậy: "Khó mà thắng".',
            ["Steven Gerrard"],
        ),
        # a long title that opens the clause holds lowercase words that govern no one ("khóa",
        # "thần kinh"); a sentence opened by a pronoun or "Một" opens with no title
        ('Đại biểu Quốc hội khóa XIV Bùi Sỹ Lợi trăn trở: "Tốt".', ["Bùi Sỹ Lợi"]),
        (
            'Nhà khoa học thần kinh Stephanie Koch đến từ Đại học London cho biết: "Tôi đã dành 4 năm".',
            ["Stephanie Koch"],
        ),
        ('Anh tự nhận thấy mình không thể thoát khỏi vẻ đẹp Latin của Penelope: "Hãy nhìn cô ấy".', []),
        ('Một phụ huynh học sinh trường UNIS Ha Noi cho VnExpress biết: "Tôi hy vọng".', []),
        # a conjunction before the title phrase opens a clause whose subject the name is
        (
            'Hạn chót là ngày mai, khi chủ tịch Jean-Michel Aulas vẫn cứng rắn: "Không có ngoại lệ".',
            ["Jean-Michel Aulas"],
        ),
        ('Thua trận, nhưng HLV Marcello Lippi vẫn lạc quan: "Chúng tôi sẽ thắng".', ["Marcello Lippi"]),
        ('Thế nhưng, chính HLV David Moyes cũng phải thừa nhận: "Lối chơi rất mong manh".', ["David Moyes"]),
        # how someone says it, between the name and the verb ("đặc biệt", "cay đắng", "một mực")
        ("Ông Lê Anh Vũ đặc biệt nhấn mạnh tới những tính năng mới.", ["Lê Anh Vũ"]),
        ("Trong khi Hoan khai nhận thì Lê Văn Nhân một mực phủ nhận.", ["Lê Văn Nhân"]),
        ("Ủy viên IOC Dick Pound thậm chí từng đề xuất loại bỏ môn này.", ["Dick Pound"]),
        # a coach named by a team role stays a person where the article names the team too
        ("Đội Chelsea thua. HLV Mourinho cho biết đội sẽ thắng.", ["Mourinho"]),
        ("Thầy trò Troussier thua. HLV Troussier cho biết đội sẽ thắng.", ["Troussier"]),
        # the agent of a verb of speech in the passive speaks; not of an assessment
        ("Dù thông tin này đã được ông Vương Chí Tài phủ nhận, tin đồn vẫn lan.", ["Vương Chí Tài"]),
        ('Một vấn đề khác được Tiến sĩ Richardson nhấn mạnh: "Khó".', ["Richardson"]),
        ("Thủ môn James được HLV Sven-Goran Eriksson đánh giá rất cao.", []),
        # "<who> là <name> <verb>", "<who> tên là <name> <verb>": the name is the verb's subject
        ('"Chúng tôi sẽ chiến đấu", một công nhân tên là Bishu Oraon nói.', ["Bishu Oraon"]),
        (
            "Cố vấn của ông Arafat là Nabil Abu Rudeina cho biết các binh sĩ đã tiến sát.",
            ["Nabil Abu Rudeina"],
        ),
        ('Như HLV Hoàng Văn Phúc của CLB Hà Nội thừa nhận sau trận đấu: "Khó".', ["Hoàng Văn Phúc"]),
        # a long title, "của", its body, then the name: the office holder; the short form joins
        (
            'Phát ngôn viên của Hội đồng Điều hành Hamid al-Kafaai nhấn mạnh: "Không có chia rẽ".',
            ["Hamid al-Kafaai"],
        ),
        (
            "Chủ nhiệm Uỷ ban Kinh tế ngân sách của Quốc hội Nguyễn Đức Kiên lại đồng tình với phương án 2."
            " Ông Kiên cho rằng nên cho tư nhân tham gia.",
            ["Nguyễn Đức Kiên"],
        ),
        ("Ông Nguyễn Văn An đến Hà Nội. Ông bất ngờ tuyên bố sẽ nghỉ hưu.", ["Nguyễn Văn An"]),
        (
            "Tập đoàn Gazprom tăng giá khí đốt. Phát ngôn viên của Gazprom Sergei Kupriyanov cho biết giá sẽ thay đổi.",
            ["Sergei Kupriyanov"],
        ),
        ("HLV của Đà Nẵng Phạm Minh Đức cho biết hậu vệ phải theo sát đối phương.", ["Phạm Minh Đức"]),
        # an emoji opening a live blog's item opens a line
        ('Trận đấu kết thúc. ⚽ HLV Giustozzi: "Chúng tôi đã chơi tốt".', ["Giustozzi"]),
        # a compound noun in a title whose second syllable alone governs ("bầu cử", "cố vấn")
        (
            "Chủ tịch Ủy ban bầu cử Iraq Abdul-Hussein al-Hendawi cho rằng cuộc bầu cử đã an toàn.",
            ["Abdul-Hussein al-Hendawi"],
        ),
        (
            "Theo chuyên gia cố vấn Michael O'Hanlon tại Viện Brookings, ông Bush đang lâm vào thế khó.",
            ["Michael O'Hanlon"],
        ),
        # a known given name vouches with a short description between the name and its verb
        (
            "Rajiv Agrawal, công nhân tại một cơ sở hỏa thiêu, nói với Independent rằng thi thể phải chờ.",
            ["Rajiv Agrawal"],
        ),
        # a person opens the sentence, a few plain words, a colon and what was said, unquoted;
        # not a heading's line, nor a story about the person
        (
            "Chị Nguyễn Thị Tươi ở phường 9 than thở: Nói hoài cũng vậy thôi, nước bẩn vẫn cứ bẩn.",
            ["Nguyễn Thị Tươi"],
        ),
        ("HLV Carlo Ancelotti tiếp lời: Chúng tôi mừng vì Milan đã góp mặt ở tứ kết.", ["Carlo Ancelotti"]),
        ("Lý Thái Hoa thích ăn đồ lạ: Tuy mới 17 tuổi nhưng Lý Thái Hoa đã dày công nghiên cứu.", []),
        ("Từ Huy: Bao giờ cũng muốn có lửa trong ca khúc của mình.", []),
        ("Hạn Thái Tuế năm 2026: Vận mệnh con giáp nào xoay chuyển mạnh nhất?", []),
        ("Ngoại trưởng Mỹ Antony Blinken tái khẳng định sự ủng hộ đối với Ukraine.", ["Antony Blinken"]),
        # past the two sentences before, the sentence's plain subject the quotation follows speaks
        (
            'Dù gia nhập cuộc đua vô địch, HLV Huỳnh Đức vẫn cẩn trọng. "Chúng tôi không thể chủ quan. Các'
            ' đối thủ đều rất mạnh. Vì thế, cứ kiếm từng điểm một", ông nói.',
            ["Huỳnh Đức"],
        ),
        (
            'Ông Việt tự hào vì đội vượt khó, dù mất các trụ cột như Xuân Son, Văn Toàn. "Nhiều lúc, các trụ'
            ' cột chấn thương hết. Nhưng các thành viên đã cố gắng. Vì thế, tôi rất vui", ông nói thêm.',
            [],
        ),
        # an explanation, a recollection: said
        (
            "Ông Phạm Văn Đấu - phó chủ tịch UBND tỉnh Vĩnh Long - lý giải rằng huyện đã làm đúng.",
            ["Phạm Văn Đấu"],
        ),
        ("Nghị sĩ Dana Rohrabacher nhớ lại rằng có một buổi tối rất lạnh.", ["Dana Rohrabacher"]),
        # a country after a longer title goes with the title; not after a paper ("báo Israel X")
        ("Bộ trưởng Quốc phòng Mỹ Rumsfeld cho biết quân đội sẽ ở lại.", ["Rumsfeld"]),
        ('"Đây là sai lầm", báo Israel Haaretz bình luận.', []),
        # a vow is said
        ("Chủ tịch UEFA Alexander Ceferin thề sẽ không nương tay với các cầu thủ.", ["Alexander Ceferin"]),
        # sharing a picture or a moment is no speech, unless words come with it
        ("Hoa hậu Thùy Tiên chia sẻ khoảnh khắc bên gia đình.", []),
        ("Ca sĩ Mỹ Tâm chia sẻ với người hâm mộ hình ảnh mới.", []),
        ("Hồng Diễm cũng chia sẻ ảnh chụp với NSND Thu Hà kèm lời chúc tới nữ nghệ sĩ.", ["Hồng Diễm"]),
        # a capitalised Vietnamese word glued before a foreign name is not part of it
        ('"Chúng tôi có thể làm tốt hơn", Giáo sư khoa Mắt Mark Humayun của USC cho biết.', ["Mark Humayun"]),
        # a building, a theatre, a park named after someone: a place
        ("Người dân chung cư An Bình cho biết điều hòa rơi xuống sân.", []),
        # a quotation, then its speaker in parentheses; not a source, a song's author, a nickname
        (
            '"Có cái gì ở ngoài đường mà con ai cũng xin gửi ra đó đứng?".\n'
            "(Thứ trưởng Bộ Công an - Trung tướng Lê Thế Tiệm)",
            ["Lê Thế Tiệm"],
        ),
        ('"Giá dầu sẽ tăng mạnh trong những tháng tới, các nhà phân tích nói." (Reuters).', []),
        ('Ca sĩ hát "Chiều không em" (Phú Quang) và "Em vẫn như ngày xưa" (Trần Tiến).', []),
        # a gallery is a firm: its director speaks
        (
            "Chị Quỳnh, Giám đốc Gallery Quỳnh, nhận định: Sandrine đã tạo nên những không gian đối lập.",
            ["Quỳnh"],
        ),
        # "cựu binh", "cựu chiến binh" are titles: "Theo cựu binh Hoàn," is a person's word
        (
            "Cựu binh Nguyễn Trung Hoàn vẫn minh mẫn. Theo cựu binh Hoàn, kỷ vật chủ yếu ở Tây Nguyên.",
            ["Nguyễn Trung Hoàn"],
        ),
        # "cầu X" is a bridge, but "yêu cầu chị X" asks a person: the short form joins the full name
        (
            "Anh Hùng yêu cầu chị Huỳnh Cúc không liên lạc với ai. Chị Cúc cho biết chị đồng ý.",
            ["Hùng", "Huỳnh Cúc"],
        ),
        # a foreign name that starts with a given name, right before its verb, is a person's
        # with no title anywhere ("Bill Gates", "Jonathan Adriel")
        (
            "Đến từ Indonesia, Jonathan Adriel cho biết CĐV hai đội ngồi tại những khu vực riêng.",
            ["Jonathan Adriel"],
        ),
        ("Tháng trước, Bill Gates cũng đã tiết lộ rằng Office 12 sẽ dễ dùng hơn.", ["Bill Gates"]),
        # not a word that is no given name ("Manchester"), nor one far from the verb
        ("Manchester United cho biết sẽ kháng cáo.", []),
        ("Bill Gates thăm Hà Nội. Chuyến đi kéo dài ba ngày, Microsoft cho biết.", []),
        # a clause that opens with the role and speaks of another name does not title that name:
        # "trọng tài ... cho rằng bóng chạm tay Xuân Son" left "trọng tài" with two holders
        (
            "Trọng tài chính Kim Woo-sung xua tay. Son ghi bàn. Mất khoảng năm phút, trọng tài người "
            "Hàn Quốc cho rằng bóng đá chạm tay Xuân Son nên không công nhận bàn thắng.",
            ["Kim Woo-sung"],
        ),
        # ... nor does it stand for a lone foreign word no name bears: "người mẫu Playboy"
        (
            'Cô Holly Madison từng là người mẫu Playboy. Người mẫu 41 tuổi nói: "Tôi biết đó là tại anh ấy".',
            ["Holly Madison"],
        ),
        # an unnamed reporter is not the article's main person
        (
            "Tổng thống Askar Akayev đã rời văn phòng. Ông Akayev tới căn cứ không quân. Hàng trăm người "
            'ủng hộ ông Akayev tràn vào quảng trường. "Đã có một cuộc ẩu đả bằng gậy và đá", phóng viên '
            "tại hiện trường cho biết.",
            [],
        ),
        # a role may stand after a longer opening phrase and its comma
        (
            "Siêu mẫu Rosie Huntington-Whiteley dự tiệc. Trả lời câu hỏi của người hâm mộ trên trang "
            "Instagram cách đây ít ngày, siêu mẫu 34 tuổi hết lời khen ngợi bạn trai.",
            ["Rosie Huntington-Whiteley"],
        ),
        # "hết lời" is how one praises, "lời khen ngợi" a noun; "viết rằng" reports what was written
        ("Ông Bush hết lời khen ngợi bà là một thẩm phán giỏi.", ["Bush"]),
        ("Lời khen ngợi của ông Bush làm bà vui.", []),
        (
            "Nhà báo Seth Mydans của tờ New York Times từng viết rằng Việt Nam sẽ làm các nước khác hổ thẹn.",
            ["Seth Mydans"],
        ),
        # "Anh" with a capital inside a sentence, before one foreign word, is England, no "anh":
        # the firm is no person, its expert is; before a longer name or after a title it still
        # comes with a person
        ("Hãng bảo mật Anh Sophos đang cảnh báo người dùng về những bức thư giả.", []),
        (
            "Graham Cluley, chuyên viên công nghệ của hãng bảo mật Anh Sophos, bình luận.",
            ["Graham Cluley"],
        ),
        ("Sau khi Thủ tướng Anh Blair thề sẽ dập tắt bạo lực, Iraq yên hơn.", ["Blair"]),
        (
            "Từ Tây Ban Nha, đội trưởng tuyển Anh David Beckham cho biết anh tin rằng Campbell đủ cứng rắn.",
            ["David Beckham"],
        ),
        # a word that ends a paper's longer name is no one; a club after an office names its holder
        ('Tờ SMM Sport chia sẻ: "Lương của Zico tại HA Gia Lai rất cao".', []),
        ("Tờ Gazzetta dello Sport bình luận: “Juve bất lực.”", []),
        ('Giám đốc kỹ thuật CLB GĐTLA Calisto từng nói: "Cầu thủ phải sạch".', ["Calisto"]),
        ('Cựu danh thủ MU Neville nói: "Thật tệ".', ["Neville"]),
        # a name's last word is no honorific for the next line: "Đức Anh ¶ Website:" is a firm's
        ("Công ty Tư vấn du học và dịch thuật Đức Anh\nWebsite: www.ducanhduhoc.com", []),
        # a club the article names by the shirt worn or a score is no one, even after a team's role
        ('Anh từng khoác áo Chelsea. Cựu cầu thủ Chelsea phát biểu: "Thật tuyệt".', []),
        ("Chelsea 2-1 Arsenal. HLV Chelsea thừa nhận đội đã may mắn.", []),
        ("HLV Mourinho thừa nhận đội đã may mắn. Chelsea 2-1 Arsenal.", ["Mourinho"]),
        # an airport, a stadium, a port is no one, nor the subject of what a person says there
        ("Theo Chi cục Hải quan sân bay Tân Sơn Nhất, mỗi ngày có 4.500 lượt khách.", []),
        ("Đại diện Cảng hàng không quốc tế Tân Sơn Nhất cho biết sẽ lắp thêm máy soi.", []),
        ("Theo lãnh đạo cảng cá Tam Quan, hơn 800 tàu đã xuất bến.", []),
        (
            "Gặp báo giới tại sân bay Tân Sơn Nhất, HLV trưởng Petar Borisov Miladinov cho biết đội khá mệt.",
            ["Petar Borisov Miladinov"],
        ),
        ("Trên sân Hàng Đẫy, HLV Phan Thanh Hùng cho biết đội đã cố gắng.", ["Phan Thanh Hùng"]),
        # where one plays or whom one joins, a team's coach "of" it: the club; not a person's
        # assistant, nor the post a person held
        ("Anh chơi tại Chelsea từ 2004. HLV Chelsea thừa nhận đội đã may mắn.", []),
        ("Anh gia nhập Chelsea năm 2004. HLV Chelsea thừa nhận đội đã may mắn.", []),
        ("HLV của Chelsea thừa nhận đội đã may mắn. HLV Chelsea nói thêm rằng đội sẽ thắng.", []),
        ("Trợ lý của Mourinho rời sân. HLV Mourinho thừa nhận đội đã may mắn.", ["Mourinho"]),
        ("Ai sẽ ngồi ghế HLV của Ranieri? HLV Ranieri thừa nhận đội đã may mắn.", ["Ranieri"]),
        (
            "HLV của Ranieri là ai? Đôi nét về Claudio Ranieri. HLV Ranieri thừa nhận đội đã may mắn.",
            ["Claudio Ranieri"],  # under the full name the article writes
        ),
        # a capital that stands for its government is no one, nor part of the name after it
        ("Tehran khẳng định, những con tàu này đã thâm nhập trái phép sông Shatt al-Arab.", []),
        ("Thị trưởng Matxcơva Yuri Luzkov cho biết thành phố sẽ xây thêm đường.", ["Yuri Luzkov"]),
        # a movement that speaks as one body is no one, nor part of its leader's name
        ("Hamas cảnh báo rằng giao tranh có thể leo thang thành nội chiến.", []),
        ("Phát ngôn viên Hamas Sami Abu Zuhri cho biết nhóm sẽ đáp trả.", ["Sami Abu Zuhri"]),
        # a reporter, then the paper: the paper is no one; a reporter with a speech of his own is
        ("Phóng viên Reuters tại hiện trường cho hay đã có những tiếng súng nổ.", []),
        ("Khi phóng viên VnExpress đề nghị được giải thích thì ông lúng túng.", []),
        ('Phóng viên Smith cho biết: "Tôi thấy khói bốc lên".', ["Smith"]),
        # a foreign name whose verb opens a quotation speaks ('X cho biết: "..."'), as one after
        # a quotation does; a firm or a quarter of a city before "cho biết:" is still no one
        (
            'Người đứng đầu chính quyền địa phương Hassam Hmidouch cho biết: "Nhiều người còn mắc kẹt".',
            ["Hassam Hmidouch"],
        ),
        ('Một nhân viên bán hàng siêu thị Coop Mart cho biết: "Mỗi ngày bán hơn 20 kg cá".', []),
        ("Tại cây xăng Hai Đấu, một nhân viên hất hàm hỏi: “Mua xăng làm gì?”", []),
        # a firm's noun, a few words of what it sells, then its name: the firm's, not a person's
        ("Một cán bộ của Công ty vàng bạc Bảo Tín Minh Châu cho VnExpress biết giá vàng tăng.", []),
        (
            "Anh Hồ Văn Lực ở xóm Cây Cui, thôn Thái Long, cho chúng tôi biết: “Tôi nhớ năm 1983”.",
            ["Hồ Văn Lực"],
        ),
        ("Giám đốc công ty, ông Lê Văn Tâm cho VnExpress biết giá vàng tăng.", ["Lê Văn Tâm"]),
        # ... a maker, a group, a university, a stock exchange, a securities firm, a festival;
        # a word the article uses so is no one alone either; a person after the firm's name is
        (
            'Nhà phân tích của hãng nghiên cứu Gartner đưa ra số liệu. "Ấn Độ sẽ vượt", Gartner dự đoán.',
            [],
        ),
        ('Tập đoàn công nghệ Apple ra máy mới. "Chúng tôi vui mừng", Apple cho biết.', []),
        ("ĐH dân lập Thăng Long cũng đề nghị Bộ GDĐT cho phép công bố điểm.", []),
        ("Theo một nhà đầu tư bám sàn Thăng Long, chỉ số sẽ giảm.", []),
        ("Theo Chứng khoán Bảo Việt (BVSC), chỉ số VN-Index sẽ tăng.", []),
        ("Ban tổ chức Festival Huế 2004 khẳng định chương trình sẽ thành công.", []),
        (
            "Aeroflot sẽ không bồi thường cho khách.\nTrả lời VnExpress chiều nay, Trưởng đại diện của "
            "hãng hàng không Nga Aeroflot Evgeny Igranov cho biết, hãng sẽ chỉ bồi thường.",
            ["Evgeny Igranov"],
        ),
        ("Giám đốc phụ trách VN của hãng này Tom Li cho biết phụ phí sẽ tăng.", ["Tom Li"]),
        ("Các viên chức điều hành Công ty dầu Pháp Elf Aquitaine cho rằng tiền đã được chuyển.", []),
        # an avenue, a hospital written short, a park, a factory; a centre's director is a person
        ("Theo Ban Quản lý dự án đại lộ Đông Tây, việc phân luồng chỉ là thử nghiệm.", []),
        ("Cũng theo giám đốc BV Gia Định, bệnh viện không thu viện phí.", []),
        ("Một số hộ dân ở khu Công viên phần mềm Quang Trung cho biết đã được bốc thăm.", []),
        ("Đại diện nhà máy đường Lam Sơn cho biết giá mía đã tăng.", []),
        ('Giám đốc trung tâm Akira Kato nói: "Nó rất yêu con người".', ["Akira Kato"]),
        # a name after a house number is a street's; not after a date or a shirt's number
        (
            'Thí sinh Nguyễn Quốc Thái nhà ở 88/78 Nguyễn Thị Minh Khai kể: "Tôi đoạt giải ba".',
            ["Nguyễn Quốc Thái"],
        ),
        ("Những người đấu giá căn nhà 163 Trần Hưng Đạo, phường 10, đều cho rằng cuộc đấu giá sai.", []),
        ("Cư dân nhà 157-159 Nguyễn Thị Minh Khai cho biết nước đã rút.", []),
        ("Tại 86 Lý Thường Kiệt, một cán bộ cho hay đã phát 150 vé.", []),
        ("Ngày 12/3 Nguyễn Văn An cho biết sẽ từ chức.", ["Nguyễn Văn An"]),
        ("Tiền vệ số 10 Nguyễn Quang Hải cho biết anh sẽ thi đấu.", ["Nguyễn Quang Hải"]),
        (
            "Anh mời thêm thương binh 3/4 Nguyễn Thế Nhí cùng hợp tác. Ông Nhí quả quyết sẽ thu lãi.",
            ["Nguyễn Thế Nhí"],
        ),
        (
            "Hôm 27-2 Mansour al-Turki, người phát ngôn Bộ Nội vụ, cho biết đã bắt 5 người.",
            ["Mansour al-Turki"],
        ),
        ("Anh thắng 6-3 David Nalbandian. Nalbandian cho biết anh đã mệt.", ["David Nalbandian"]),
        ("Nhà số 60/310 Nguyễn Văn Cừ cho biết đã ngập.", []),
        # a school, however it is described: "chuyên", "tư thục"
        ("Hiệu trưởng Trường THPT chuyên Lê Hồng Phong (TPHCM) cho biết trường sẽ thi tuyển.", []),
        ("Đại diện trường mầm non tư thục Sao Mai cho biết học sinh được nghỉ.", []),
        (
            'Nàng làm bồi bàn ở quán bar The Links. Nhiều gã trong quán bar lôi kéo Lisa. Lisa kể: "Anh ấy tốt".',
            ["Lisa"],
        ),
        ("Chủ cửa hàng hoa Mohammad Siddique cho biết đã đặt nhiều hoa hơn.", ["Mohammad Siddique"]),
        ('Chủ nhà hàng tên He Xiaoli nói: "Chúng tôi còn cơ hội nào mà bán buôn".', ["He Xiaoli"]),
        ('Bác sĩ Roger Williams ở phía Tây London cho biết: "Anh ấy vẫn còn sống".', ["Roger Williams"]),
        # a lone foreign name that a person's title describes is a person's in the whole article,
        # the title opening with a word that could end it ("tham mưu trưởng"); a firm's is not
        (
            "Ribachuk, tham mưu trưởng của Yushchenko, thường gặp các quan chức. "
            "Ribachuk lại nhìn nhận theo cách khác.",
            ["Ribachuk"],
        ),
        ("Samsung, nhà sản xuất điện thoại lớn nhất, đã ra mắt máy mới. Samsung lại nhìn nhận khác.", []),
        # ... but a title that opens the next person's name describes that person
        (
            "Chủ tịch diễn đàn Chernobyl, tiến sĩ Burton Bennett, hôm qua cho biết, ước tính này có lẽ sai.",
            ["Burton Bennett"],
        ),
        (
            "Khi thăm Honduras và Cộng hòa Dominica, Thứ trưởng Bộ Ngoại giao Vũ Dũng, Đặc phái viên của "
            "Thủ tướng đã gặp lãnh đạo các nước. Dominica cam kết sẽ ủng hộ.",
            [],
        ),
        # "nói như X" with X's words after a colon; "đặt vấn đề" raises a point, "đặt vấn đề với
        # bà Y" makes her an offer
        (
            'Tập nhiều cũng không tốt, nói như HLV Phan Thanh Hùng thì: "Tập nhiều sẽ gây ra oải".',
            ["Phan Thanh Hùng"],
        ),
        ("Nói như ông Nguyễn Văn Nam, cả đội chơi rất hay.", []),
        ("Đại biểu Đỗ Trọng Ngoạn đặt vấn đề nên tăng giá điện như thế nào.", ["Đỗ Trọng Ngoạn"]),
        ("Tháng 6/2004, Trần Thanh Dung đã đặt vấn đề với bà Ninh lo cho con bà đi Hàn Quốc.", []),
        # a name given in quotation marks is the word of who gives it; not of who is named so
        (
            "Tottenham gặp khủng hoảng, điều mà đội trưởng Cristian Romero thậm chí gọi là “đáng xấu hổ”.",
            ["Cristian Romero"],
        ),
        ('Nhà thám hiểm Freya Stark đã gọi Shibam là "Manhattan giữa sa mạc".', ["Freya Stark"]),
        ('Tiền đạo Cristiano Ronaldo được gọi là "CR7" từ lâu.', []),
        ('Ông Nguyễn Văn Nam gọi điện cho con là "về ngay".', []),
        # a question put is speech when its words follow ("rằng", a colon, a question mark)
        ("Ông Nguyễn Văn Nam hỏi Bộ trưởng rằng bao giờ thì có điện.", ["Nguyễn Văn Nam"]),
        ("Ông Nguyễn Văn Nam hỏi vợ và hai người cưới nhau.", []),
        ("Khi được hỏi, ông Nguyễn Văn Nam lắc đầu rồi bỏ đi.", []),
        # "cho biết" with who was told inside it; not "để cho ai biết", "không cho ai biết"
        ("Ông Nguyễn Văn Nam cho phóng viên biết, công trình sẽ xong trong năm nay.", ["Nguyễn Văn Nam"]),
        ("Ông Nguyễn Văn Nam cho VnExpress biết, công trình sẽ xong trong năm nay.", ["Nguyễn Văn Nam"]),
        ("Ông Nguyễn Văn Nam giấu, không cho ai biết chuyện này.", []),
        ("Anh Lê Văn Tâm làm vậy để cho mọi người biết.", []),
        ("Các cầu thủ, kể cả HLV Ferguson, đáng bị phạt, cho dù vẫn biết rằng đội chẳng mặn mà.", []),
        ("Mừng cho những người tôi quen biết khẳng định được mình.", []),
        # an interviewer's question is the interviewer's, not the words of the name inside it
        ('- Nhà văn Hồ Anh Thái từng gọi anh là "Hoàng tử bé", anh nghĩ sao?', []),
        ("Ông Lê Văn Nam hỏi ai cũng lắc đầu, rồi chúng tôi hiểu: chẳng ai biết.", []),
        # "nhưng" opens a new clause: the coach after it is no one's description
        (
            "Dù vắng Makelele, Shaun Wright - Phillips nhưng HLV Mourinho vẫn tự tin tuyên bố: “Chelsea sẽ thắng”.",
            ["Mourinho"],
        ),
        # "đồng chủ tịch" (co-chairman) is a title in an appositive, "đồng chủ trì" a verb
        (
            "Michael Barker, đồng chủ tịch của Sony Pictures Classics, khẳng định: ''Phim Pháp thành công''.",
            ["Michael Barker"],
        ),
    ],
)
def test_person_with_evidence(text: str, expected: list[str]) -> None:
    assert names(text) == expected


def test_a_foreign_name_after_a_bodys_institution_still_speaks() -> None:
    """The rule for "lãnh đạo Trường X" reads Vietnamese names only: a foreign name after a firm
    may be its head's ("cựu lãnh đạo công ty dầu mỏ Yukos Mikhail Khodorkovsky"); the firm's name
    and the man's are not told apart here (the name keeps the firm's word before it)."""
    found = names("Cựu lãnh đạo công ty dầu mỏ Yukos Mikhail Khodorkovsky nói ông vô tội.")
    assert [n for n in found if n.endswith("Mikhail Khodorkovsky")], found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a surname joins the full name the article writes, from a known given name on, though
        # nothing there reads that full name as a person's (no title, a country before it)
        (
            'Trận tứ kết giữa Lleyton Hewitt và David Nalbandian kết thúc muộn. "Tôi đã may mắn", Hewitt nói.',
            ["Lleyton Hewitt"],
        ),
        (
            "Ông Powell đã yêu cầu Tổng thống Pakistan Pervez Musharraf triệt phá mạng lưới. "
            '"Chúng tôi sẽ hợp tác", Musharraf nói.',
            ["Powell", "Pervez Musharraf"],
        ),
        (
            "Trận đấu giữa Rafael Nadal và Gilles Muller kết thúc muộn. Còn Muller thừa nhận anh đã thoải mái hơn.",
            ["Gilles Muller"],
        ),
        # the country glued before the given name is no part of the name
        (
            'Quốc hội Libăng Emile Lahoud gia hạn nhiệm kỳ cho tổng thống. "Tôi sẽ ở lại", Lahoud tuyên bố.',
            ["Emile Lahoud"],
        ),
    ],
)
def test_a_surname_joins_the_foreign_full_name_of_the_article(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the post's place, an abbreviation, between the office and the name: not "tại X"
        ("Đại sứ Mỹ tại LHQ John Bolton cho rằng cải cách là khó.", ["John Bolton"]),
        ("Giám đốc Thai Airways tại VN Non Kalita cho biết số khách đã tăng.", ["Non Kalita"]),
        # a middle initial without its dot: one name, written as the canonical name writes it
        ('"Đây là bước tiến đầu tiên", giáo sư James M Tour và cộng sự nói.', ["James Tour"]),
        ("Tổng thống George W Bush nói rằng Mỹ sẽ thắng.", ["George Bush"]),
    ],
)
def test_a_foreign_name_after_its_post_or_with_an_initial(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a connective before "theo" leaves the clause a "Theo X, ..."
        ("Nhưng theo bác sĩ Trần Khiết, nhiều khả năng là do thức ăn.", ["Trần Khiết"]),
        ("Tuy nhiên cũng theo ông Lê Văn Nam, bệnh do thức ăn gây ra.", ["Lê Văn Nam"]),
        ("Thế nhưng theo ông Phạm Duy Nghĩa, quyền này đã bị hạn chế.", ["Phạm Duy Nghĩa"]),
        ("Làm theo ông Lê Văn Nam, bệnh sẽ khỏi.", []),
        # trades written before a name as titles are
        (
            "Nhưng theo lương y Trần Khiết, giảng viên Đại học Y Dược, nhiều khả năng là do thức ăn.",
            ["Trần Khiết"],
        ),
        ("Nhà thơ Evtushenko nói ông yêu Việt Nam.", ["Evtushenko"]),
        ("Nghệ nhân Sang cho biết nghề đang mai một.", ["Sang"]),
        # Huế is a city: its craftsmen speak, it does not
        ("Rất nhiều nghệ nhân Huế cho biết kỹ nghệ làm diều thì Huế thừa sức.", []),
        ("Chị Huế cho biết chị sẽ về quê.", ["Huế"]),
    ],
)
def test_theo_after_a_connective_and_trades_as_titles(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an official or an elder by the family name of the one full name that has it
        (
            "Thứ trưởng Bộ Thông tin Từ Giả Hoa đã tới thăm hiện trường. Ông Từ kêu gọi các trường lái xe làm tốt hơn.",
            ["Từ Giả Hoa"],
        ),
        ("Nhiếp ảnh gia Võ An Ninh đã 100 tuổi. Cụ Võ cho biết ông vẫn muốn đi chụp ảnh.", ["Võ An Ninh"]),
        # "chị Hoàng" is a woman's given name, not the family name of the stall she owns
        ("Theo chị Hoàng, chủ vựa trái cây Hoàng Bon, giá lê đã giảm.", ["Hoàng"]),
        # two full names share the family name: the short form stays
        (
            "Ông Lê Văn Lâm đưa con Lê Thùy Quỳnh đi thi. Bà Lê nói có thể lo cho cháu vào đại học.",
            ["Lê"],
        ),
    ],
)
def test_an_elder_by_family_name(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Trần Minh Phi: Phải bình tĩnh trước đồng tiền", ["Trần Minh Phi"]),
        ("Bầu Đức: ‘TP HCM khó vô địch V-League’", ["Đức"]),
        ("Công ty TNHH Dương Nhật: Đầu tư nâng công suất nhà máy nước", []),
        ("Hà Nội: Mưa lớn gây ngập nhiều tuyến phố", []),
        # a two-word name, a colon and a quotation: an interview's headline
        ("Đức Huy: 'Tôi như chú mèo đứng xa chiêm ngưỡng'", ["Đức Huy"]),
        ("Việt Nam: 'Chúng tôi sẽ thắng'", []),
    ],
)
def test_speaker_before_a_colon(title: str, expected: list[str]) -> None:
    assert [s.name for s in extract_speakers("Bài viết không trích lời ai.", title)] == expected


# ------------------------------------------------------------ real articles


@pytest.mark.slow
def test_dan_tri_wrong_names_are_no_speakers(shared_corpora: Path) -> None:
    """The clubs, firms, places and fragments the first extractor took for people in Dân Trí."""
    found: dict[str, str] = {}
    for item in read_paths([shared_corpora / "unc"]):
        if isinstance(item, Article):
            for speaker in extract_speakers(item.body, item.title):
                found.setdefault(speaker.name, item.id)
    assert len(found) > 1000  # the corpus was read and people were found
    wrong = {name: found[name] for name in WRONG_IN_DAN_TRI if name in found}
    assert not wrong


@pytest.mark.slow
@pytest.mark.parametrize("half", sorted(HALVES))
def test_labelled_halves_do_not_regress(half: str, shared_corpora: Path) -> None:
    """Both halves of the 2,815 articles labelled before their rules (benchmarks/speakers.py
    reports them): regression floors a little under what was measured (dev 0.951/0.793 on 1,449
    articles, test 0.926/0.724 on 1,366, on 2026-12-07 once round fourteen had joined them; with
    round thirteen, 0.949/0.798 and 0.926/0.723 on 1,355 and 1,280; with
    round twelve, 0.954/0.797 and 0.921/0.716 on 1,255 and 1,200; with
    rounds nine to eleven, 0.958/0.806 and 0.921/0.723 on 1,169 and 1,106; before them,
    0.969/0.823 and 0.919/0.746 on 895 and 840; the first 660 were at 0.890/0.593 and
    0.900/0.600 before issue 16). The floors follow the labels down when a round harder than
    the rules joins, never the rules."""
    labels = read_labels(HALVES[half])  # scored as the benchmark scores them
    result = score(labels, load_articles(labels))
    floor = {"dev": (0.945, 0.79), "test": (0.91, 0.71)}[half]
    assert result.precision >= floor[0] and result.recall >= floor[1], (result.precision, result.recall)


def test_agreement_scores_a_second_reader_against_the_first() -> None:
    from benchmarks.speakers import agreement

    first = [
        {"corpus": "unc", "id": "a", "speakers": ["Nguyễn Văn An", "ông Trần Bình"]},
        {"corpus": "unc", "id": "b", "speakers": []},
        {"corpus": "unc", "id": "c", "speakers": ["Lê Chi"]},  # the second reader skipped it
    ]
    second = [
        {"corpus": "unc", "id": "a", "speakers": ["Trần Bình", "Phạm Dung"]},  # titles stripped
        {"corpus": "unc", "id": "b", "speakers": ["Hồ Em"]},
    ]
    result = agreement(first, second)
    assert (result.articles, result.tp, result.fp, result.fn) == (2, 1, 2, 1)


def test_the_second_reader_read_held_out_articles_and_agrees() -> None:
    """The second reader's 180 articles are all of the held-out half, and the two readers agree
    (F1 0.992 when they were compared): a file that drifted from the half would show here."""
    from benchmarks.speakers import agreement

    second = read_labels(ROOT / "benchmarks" / "speakers_labels_second_reader.jsonl")
    first = read_labels(HALVES["test"])
    held_out = {(r["corpus"], r["id"]) for r in first}
    assert len(second) == 180 and all((r["corpus"], r["id"]) in held_out for r in second)
    assert agreement(first, second).f1 >= 0.95


def test_the_canonical_name_keeps_a_foreign_names_particles():
    from search.speakers import canonical_name

    assert canonical_name("Thủ tướng Pháp Dominique de Villepin") == "Dominique de Villepin"
    assert canonical_name("Robin van Persie") == "Robin van Persie"
    assert canonical_name("Chủ tịch Ursula von der Leyen") == "Ursula von der Leyen"
    assert canonical_name("Bà Von der Leyen") == "Von der Leyen"
    assert canonical_name("Ông Nguyễn Văn An") == "Nguyễn Văn An"


@pytest.mark.parametrize(
    ("title", "body", "expected"),
    [
        # a question-and-answer interview: the one person the title names answers
        (
            "Đỗ Hải Yến tự tin khi đóng phim của chồng",
            "Sau thành công với vai Phượng, Đỗ Hải Yến chuẩn bị vào vai chính.\n"
            "- Cảm nhận của chị như thế nào sau mấy năm không đóng phim?\n"
            "- Với tôi, mỗi bộ phim là một sự khám phá.\n"
            "- Chị có hồi hộp khi đóng phim của chồng?\n"
            "- Tôi luôn có những cảm xúc mới trước khi vào vai.",
            ["Đỗ Hải Yến"],
        ),
        # ... or, when the title names no one, the one person the lead names
        (
            "Chuyện của người săn virus",
            "Một trong những tên tuổi lớn của làng bảo mật là Mikko Hypponen.\n"
            "- Lần đầu tiên anh quan tâm tới an ninh mạng là khi nào?\n"
            "- Khoảng 1991. Lúc đó, tôi mới chỉ là một lập trình viên.\n"
            "- Virus nào khó nhất?\n"
            "- Tôi nghĩ là Sober.",
            ["Mikko Hypponen"],
        ),
        # two people named before the questions: who answers is not known
        (
            "Vợ chồng đạo diễn Quang Hải và Đỗ Hải Yến",
            "Quang Hải và Đỗ Hải Yến vừa hoàn thành bộ phim mới.\n"
            "- Cảm nhận sau bộ phim thế nào?\n- Tôi rất vui.\n- Dự định sắp tới?\n- Tôi sẽ nghỉ ngơi.",
            [],
        ),
        # dashes of a list, no questions answered: no interview
        (
            "Hoa hậu Phạm Thu Hằng lên đường",
            "Hoa hậu Phạm Thu Hằng mang theo:\n- Ba bộ áo dài.\n- Hai đôi giày.\n- Một cuốn sách tôi thích.",
            [],
        ),
    ],
)
def test_the_interviewee_answers(title: str, body: str, expected: list[str]) -> None:
    assert [s.name for s in extract_speakers(body, title)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the role's place runs on after a comma, up to the verb
        (
            "Ông Nguyễn Văn Chiến – Chủ tịch Hội Nông dân xã Hợp Minh, tỉnh Nghệ An cho biết, đời sống đã khá hơn.",
            ["Nguyễn Văn Chiến"],
        ),
        (
            "Chị Thu Thảo, 10A5 cư xá Văn Thánh, quận Bình Thạnh nhận xét nồi thủy tinh rất tiện.",
            ["Thu Thảo"],
        ),
        # a place before the place is no one: the name needs a family name, an honorific or a title
        ("Ông Nguyễn Hùng nhà ở thôn 1, Tam Hải, huyện Núi Thành nói với cả nhà.", []),
        # a nickname or a phrase in quotation marks inside the appositive
        (
            'Tiến sĩ Nguyễn Văn Khải, chuyên gia về dung dịch, người được mệnh danh là "ông già ozôn", '
            "còn cho biết dung dịch diệt vi khuẩn.",
            ["Nguyễn Văn Khải"],
        ),
        # not another name's nickname after a comma: that one is the subject
        ("Súng tìm được dưới sông cầu Đại Nga, Bảo Lộc, Lâm Đồng, Bình “kiểm” đã khai nhận.", []),
    ],
)
def test_an_appositive_with_a_place_or_a_nickname(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an age set apart after a name no honorific, title or family name vouches for: a person
        ("Hải, 33 tuổi, kỹ sư xây dựng kể: “Tôi về quê thường bị soi kỹ lắm.”", ["Hải"]),
        ("Quốc Minh, 35 tuổi, quản lý nhà hàng khẳng định: “Tôi không ghét Tết.”", ["Quốc Minh"]),
        ('Kiên (24 tuổi) hồn nhiên nói: "Nhà em ở Hà Tây".', ["Kiên"]),
        # a year of one's life, a country before an age: no one
        (
            'Năm 17 tuổi, tôi ra biểu diễn ở Đà Nẵng, nhạc sĩ Hoàng Tú Mỹ nói: "Em hát hay lắm".',
            ["Hoàng Tú Mỹ"],
        ),
        (
            "Bà Dominique Courteille, một phụ nữ Úc 57 tuổi, cho biết bà đã phải uống nước mưa.",
            ["Dominique Courteille"],
        ),
    ],
)
def test_an_age_after_a_lone_name_vouches_for_it(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # "cơ sở" (an establishment), a few words of its trade, then its name: no one is named
        "Chủ cơ sở giết mổ gia cầm Út Nhi, số A1/8 ấp 2, xã Bình Hưng, huyện Bình Chánh cho biết, gia cầm đã qua kiểm dịch.",
        "Đại diện của cơ sở bánh Như Lan cũng cho biết, họ đã tạm ngưng sản xuất.",
    ],
)
def test_an_establishment_after_its_trade_is_no_one(text: str) -> None:
    assert names(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # royal titles: the title before the name, and alone for the one it titled
        ("Công nương Masako bị trầm cảm. Công nương cũng yêu cầu công bố tình trạng này.", ["Masako"]),
        ("Quốc vương Abdullah cho biết chưa từng trao đổi với chính phủ mới.", ["Abdullah"]),
        ("Tuy nhiên, Hoàng thân Saud khẳng định vương quốc sẽ bảo đảm an ninh.", ["Saud"]),
        ("Nhật hoàng Akihito cho biết ông muốn thoái vị.", ["Akihito"]),
        ("Tuy nhiên, Nhật Hoàng đã phải tuyên bố đầu hàng Đồng minh.", []),
    ],
)
def test_royal_titles(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "Á" of "châu Á." and "Ý" of "nước Ý." are words: the sentence ends there, no initial
        # glues them to the name after ("Á. Kathy Zuckerman", "Á. Ông")
        (
            "Ông đam mê phụ nữ châu Á. Kathy Zuckerman, đại diện của NXB Knopf, nói: Đây là cuốn tự truyện.",
            ["Kathy Zuckerman"],
        ),
        (
            "Giám đốc sản xuất Ngọc Hiệp nói phim sẽ bán ra thị trường châu Á. Ngọc Hiệp cho biết, phim "
            "sẽ quay ba máy cùng lúc.",
            ["Ngọc Hiệp"],
        ),
        (
            "Bộ phim Kungfu đã vượt qua doanh thu của Anh hùng và đang lan ra khắp châu Á. Anh cũng tuyên bố "
            "hủy bỏ buổi lễ mừng thành công của phim.",
            [],
        ),
        # "Khác" opens a sentence before a name ("Khác Supachok, ..."), as "Ngoài" does
        (
            'Supachok Sarachat dẫn bóng. Khác Supachok, trung vệ Chalermsak Aukkee tỏ ra bình thản. "Tôi vui", Supachok nói.',
            ["Supachok Sarachat"],
        ),
    ],
)
def test_an_accented_capital_is_a_word_not_an_initial(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # what a person wrote, given after the verb: a colon, "rằng", or a sentence in quotation marks
        ('Tiền vệ Lê Quốc Vượng viết: "Trong trận đấu với Myanmar, tôi đã rủ đồng đội".', ["Lê Quốc Vượng"]),
        ('Ca sĩ Britney Spears viết trên trang cá nhân: "Chúng tôi đã có con trai".', ["Britney Spears"]),
        (
            'Quế Ngọc Hải gọi họ là "CĐV chân chính", còn Thái Bá Sang viết "chỉ cần chất lượng, không cần số lượng".',
            ["Quế Ngọc Hải", "Thái Bá Sang"],
        ),
        # a work's title, a work written, a page of history: no words of the writer's
        ('Nhà báo Thomas L. Friedman viết "thế giới phẳng" cho ta thấy nhiều điều.', []),
        ('Giờ đây, HLV Didier Deschamps đã viết nên "một trang sử đáng nhớ trong lịch sử của CLB".', []),
        (
            "Album có 7 ca khúc do Thanh Thảo viết lời, Hòa Khánh viết nhạc gồm: Con đò lỡ hẹn, Anh đừng đi.",
            [],
        ),
        ('Bà Sheila Hancock, người viết "The Two Of Us: My Life With John Thaw", đoạt giải.', []),
    ],
)
def test_words_written_are_words_said(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a person's title before two words whose first also opens bodies' names ("Quốc", "Trung",
        # "Công"): a person's given name, as an honorific already made it ("anh Trung Hiếu")
        ("Sau trận, tiền vệ Quốc Vượng nói rằng anh đã cố gắng hết sức.", ["Quốc Vượng"]),
        (
            '"Tôi sẵn sàng hy sinh nhiều thứ để đứng trên sàn diễn", nhạc sĩ Quốc Trung tâm sự.',
            ["Quốc Trung"],
        ),
        ("NSND Trung Kiên cho rằng nên làm thêm nhạc.", ["Trung Kiên"]),
        ('Đội trưởng Tài Em bổ sung: "Trận gặp Myanmar sẽ rất khó".', ["Tài Em"]),
        ('"ACM chỉ thực sự mạnh khi có đủ 4 người", trưởng nhóm Nam Khánh khẳng định.', ["Nam Khánh"]),
        # a state that was is a place before its leader's name, as one that is
        (
            "Cựu tổng thống Liên Xô Mikhail Gorbachev bình luận Reagan là một tổng thống vĩ đại.",
            ["Mikhail Gorbachev"],
        ),
        ('"Tôi không chấp nhận", cựu tổng thống Nam Tư khẳng định.', []),
        # without a person's title, still a body's or a place's name
        ("Sau trận, Quốc Oai cho biết sẽ đầu tư thêm.", []),
    ],
)
def test_a_given_name_that_opens_bodies_names_after_a_persons_title(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "phải" before a verb of saying: a duty done ("đã phải", "cũng phải"), or what one is made
        # to own or cry out ("phải thốt lên", "phải thừa nhận")
        ("Thủ tướng Tony Blair đã phải xin lỗi vì những vụ ngược đãi tù nhân.", ["Tony Blair"]),
        (
            'Cựu trưởng đoàn Ngô Xuân Quynh phải thốt lên: "Đau lắm mà chẳng biết nói sao".',
            ["Ngô Xuân Quynh"],
        ),
        ('Sau 90 phút, HLV Scolari cũng phải thừa nhận "Ireland là một đội bóng mạnh".', ["Scolari"]),
        # a duty to come is no speech yet
        ("Ông Phạm Tiến Dũng sẽ phải giải trình trước Đảng ủy.", []),
        ("Theo đó, Bộ trưởng Đào Đình Bình phải báo cáo kết quả lên Thủ tướng.", []),
    ],
)
def test_a_duty_to_speak_that_was_done(text: str, expected: list[str]) -> None:
    assert names(text) == expected


def test_where_a_person_comes_from_is_part_of_the_subject() -> None:
    # "đến từ" + an institution, as "của" or "thuộc" + one
    text = "Tiến sĩ Michael Wohl đến từ Đại học Carleton (Canada) phát biểu, may mắn cũng có mặt trái."
    assert names(text) == ["Michael Wohl"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a sovereign's or a pope's number closes the name, and the name's short forms join it
        ("Nữ hoàng Elizabeth II tuyên bố sẽ không tham gia lễ cưới.", ["Elizabeth II"]),
        (
            "Giáo hoàng Benedict XVI kêu gọi châu Âu tìm lại truyền thống. Benedict nói thêm về hòa bình.",
            ["Benedict XVI"],
        ),
        (
            "Theo một thành viên trong nhóm - ông Lansing Horan IV, họ nhắm tới bức xạ neutron. "
            "Ông Horan cho biết neutron có thể đốt nóng vật liệu.",
            ["Lansing Horan IV"],
        ),
        # a first word seen alone elsewhere is not cut from a name before its number
        (
            'Paul Johnson III, con của Johnson, đề nghị thả cha mình. "Đấy là việc của ông", Paul nói.',
            ["Paul Johnson III"],
        ),
    ],
)
def test_a_sovereigns_number_closes_the_name(text: str, expected: list[str]) -> None:
    assert names(text) == expected


def test_the_canonical_name_keeps_a_sovereigns_number() -> None:
    assert canonical_name("Giáo hoàng John Paul II") == "John Paul II"
    assert canonical_name("Ngoại trưởng James A. Baker III") == "James A. Baker III"


def test_a_given_name_after_a_country_speaks() -> None:
    # a known given name opens the name; a country before it is no longer name's end
    text = "Đại diện thương mại Mỹ Robert Zoellick tuyên bố, nếu EU không giảm trợ cấp, Mỹ sẽ kiện."
    assert names(text) == ["Robert Zoellick"]


@pytest.mark.parametrize(
    "text",
    [
        # given names that are also a Vietnamese syllable's shape open a foreign name as others do
        "Tim Russert cho biết ông chưa từng nghe tin đó.",
        "Ben Affleck phủ nhận thông tin kết hôn với bạn gái.",
    ],
)
def test_more_given_names_open_a_foreign_name_that_speaks(text: str) -> None:
    assert len(names(text)) == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "Theo" and a foreign name that opens with a known given name: the name is the source
        ("Theo Bill Gates, chi phí phần cứng sẽ giảm mạnh trong một thập kỷ tới.", ["Bill Gates"]),
        # "Theo dõi" is to follow: no source
        ("Theo dõi truyện Harry Potter ngay từ tập 1, khán giả rất thích.", []),
    ],
)
def test_theo_and_a_given_name(text: str, expected: list[str]) -> None:
    assert names(text) == expected

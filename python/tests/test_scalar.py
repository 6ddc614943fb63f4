"""The one-code API: the spec's vectors, every finding kind, the value types, errors."""

import pickle

import pytest

import uscc

# Spec §2.3: (code, pos-18 ok, pos 9–17 ok)
VECTORS = [
    ("91350100M000100Y43", True, True),
    ("91110108551385082Q", True, True),
    ("531000005000160090", True, True),
    ("91320594MA1MBC5030", True, True),
    ("119900000106319731", True, True),
    ("71310106424845496E", True, True),
    ("9111000071093123XX", True, True),
    ("91350203M0001QKT19", False, True),
    ("362322198709086409", True, False),
    ("916201055811843000", False, False),
]


@pytest.mark.parametrize("code,c18,c17", VECTORS)
def test_spec_vectors(code, c18, c17):
    kinds = {f.kind for f in uscc.diagnose(code, policy="strict")}
    assert ("check_char_mismatch" not in kinds and "pilot_code" not in kinds) == c18 or code == "916201055811843000"
    assert ("org_check_mismatch" not in kinds) == c17 or code == "362322198709086409"
    assert uscc.check_char(code[:17]) == code[17] or not c18


def test_spec_verdicts():
    for code in VECTORS[:7]:
        assert uscc.is_valid(code[0]), code
        assert uscc.is_valid(code[0], policy="assessment"), code
        assert uscc.validate(code[0]).code == code[0]
    # The Fujian pilot code: real, a warning by default, an error in the assessment.
    assert uscc.is_valid("91350203M0001QKT19")
    assert [f.kind for f in uscc.diagnose("91350203M0001QKT19")] == ["pilot_code"]
    assert uscc.diagnose("91350203M0001QKT19")[0].expected == "F"
    assert not uscc.is_valid("91350203M0001QKT19", policy="assessment")
    # A citizen ID and a spreadsheet-truncated code are recognised by name.
    assert uscc.diagnose("362322198709086409")[0].kind == "citizen_id"
    assert uscc.diagnose("916201055811843000")[0].kind == "spreadsheet_truncated"
    assert not uscc.is_valid("362322198709086409")


def test_special_regions():
    assert "special_region" in {f.kind for f in uscc.diagnose("531000005000160090")}
    assert uscc.region("100000") is not None
    assert uscc.region("990000").kind == "special"


def test_every_kind_reachable_with_attributes(kinds):
    assert sorted(k for k, _, _ in kinds) == sorted(uscc.KINDS), "a kind without a fixture"
    for kind, text, policy in kinds:
        found = [f for f in uscc.diagnose(text, **policy) if f.kind == kind]
        assert found, (kind, text, uscc.diagnose(text, **policy))
        f = found[0]
        assert f.severity in ("error", "warning", "info")
        assert f.is_error == (f.severity == "error")
        assert isinstance(f.message_zh, str) and f.message_zh
        assert isinstance(f.message_en, str) and f.message_en
        assert f.position is None or 1 <= f.position <= len(text) + 1
        assert f.expected is None or len(f.expected) == 1
        assert f.to_dict()["kind"] == kind
        assert repr(f).startswith("Finding(kind=")
        assert f == f and hash(f) == hash(uscc.diagnose(text, **policy)[uscc.diagnose(text, **policy).index(f)])
        if f.is_error:
            # …and as an exception, from validate():
            with pytest.raises(uscc.InvalidCode) as ei:
                uscc.validate(text, **policy)
            e = ei.value
            assert isinstance(e, ValueError)
            first = uscc.diagnose(text, **policy)[0]
            assert (e.kind, e.position, e.expected, e.found) == (first.kind, first.position, first.expected, first.found)
            assert (e.message_zh, e.message_en) == (first.message_zh, first.message_en)
            assert e.findings == uscc.diagnose(text, **policy)
            assert e.input == text
            assert e.message_en in str(e)


def test_invalid_code_attributes():
    with pytest.raises(uscc.InvalidCode) as ei:
        uscc.validate("91110108551385082R")
    e = ei.value
    assert (e.kind, e.position, e.expected, e.found) == ("check_char_mismatch", 18, "Q", "R")
    assert e.message_zh == "第18位校验码应为 Q，实为 R"
    assert e.message_en == "position 18: check char should be Q, found R"
    assert e.normalized == "91110108551385082R"
    assert [f.kind for f in e.findings] == ["check_char_mismatch"]


def test_warnings_do_not_raise():
    assert uscc.validate("91110108551385083U").org_check_ok is False  # GB 11714 slip: warning
    with pytest.raises(uscc.InvalidCode):
        uscc.validate("91110108551385083U", org_check="error")
    assert uscc.is_valid("91110108551385083U", org_check="off")


def test_code_value():
    c = uscc.Code("91110108551385082Q")
    assert repr(c) == "Code('91110108551385082Q')"
    assert str(c) == c.code == "91110108551385082Q"
    assert (c.department, c.department_name, c.category, c.category_name) == ("9", "工商", "1", "企业")
    assert c.department_name_en and c.category_name_en
    assert c.region_code == "110108"
    assert c.region_name == "北京市 海淀区"
    assert c.region_names == ("北京市", "海淀区")
    assert c.region == uscc.region("110108")
    assert (c.subject_identifier, c.organization_code, c.check_char) == ("551385082", "55138508-2", "Q")
    assert c.org_check_ok
    assert c == uscc.validate(" 91110108551385082q ") and hash(c) == hash(uscc.Code("91110108551385082Q"))
    assert c != uscc.Code("91350100M000100Y43") and c != "91110108551385082Q"
    assert sorted([uscc.Code("91350100M000100Y43"), c])[0] == c
    assert len({c, uscc.Code("91110108551385082Q")}) == 1
    assert pickle.loads(pickle.dumps(c)) == c
    assert eval(repr(c), {"Code": uscc.Code}) == c
    d = c.to_dict()
    assert d["department_zh"] == "工商" and d["region_names"] == ["北京市", "海淀区"]
    t = uscc.Code("71310106424845496E")
    assert (t.department_name, t.category_name) == ("宗教", "宗教活动场所")
    with pytest.raises(uscc.InvalidCode):
        uscc.Code("91110108551385082R")


def test_region():
    r = uscc.region("371523")
    assert r.name == "茌平县"
    assert r.chain[-1] == "茌平县" and r.chain[0] == "山东省"
    assert r.full_name == " ".join(r.chain)
    assert not r.current and r.abolished == 2019
    assert r.periods[-1][1] == 2019
    assert r.level == "county" and r.kind == "gb2260"
    assert uscc.region(371523) == r and hash(uscc.region(371523)) == hash(r)
    assert repr(r).startswith("Region('371523'")
    assert uscc.region("371503").current
    assert uscc.region("371599") is None
    assert uscc.region("abc") is None
    assert r.valid_in(2000) and not r.valid_in(2022)


def test_normalize_suggest_build():
    assert uscc.normalize("统一社会信用代码：９１３５ ０１００-m000100y43") == "91350100M000100Y43"
    assert uscc.normalize("91350100M0001OOY43") == "91350100M0001OOY43"  # look-alikes are guesses
    assert uscc.suggest("91350100M0001OOY43") == ["91350100M000100Y43"]
    assert uscc.suggest("91350100M000100Y34")[0] == "91350100M000100Y43"
    assert uscc.suggest("91350100M000100Y43") == []
    assert len(uscc.suggest("91110108551385082R")) <= uscc.MAX_SUGGESTIONS
    assert uscc.check_char("91350100M000100Y4") == "3"
    assert uscc.org_check_char("55138508") == "2"
    assert uscc.build("9", "1", "110108", "55138508-2") == uscc.Code("91110108551385082Q")
    assert uscc.build("9", "1", "350100", "M000100Y4").code == "91350100M000100Y43"
    with pytest.raises(ValueError):
        uscc.build("9", "1", "110108", "55138508-3")  # GB 11714 check char wrong
    with pytest.raises(ValueError):
        uscc.build("Y", "2", "350100", "M000100Y4")  # Y allows only category 1
    with pytest.raises(ValueError):
        uscc.check_char("123")


def test_too_long_input_raises_value_error():
    huge = "9" * 10_000_000
    with pytest.raises(uscc.InputTooLong) as ei:
        uscc.normalize(huge)
    assert isinstance(ei.value, ValueError) and isinstance(ei.value, uscc.InvalidCode)
    assert ei.value.kind == "input_too_long"
    assert len(str(ei.value)) < 300
    assert not uscc.is_valid(huge)
    assert uscc.diagnose(huge)[0].kind == "input_too_long"
    assert uscc.suggest(huge) == []
    with pytest.raises(uscc.InputTooLong):
        uscc.validate(huge)


HOSTILE = [
    "\x00" * 18,
    "91350100M000100Y43\x00",
    "\u200b\u200c\u200d\ufeff",
    "\u202e34Y001000M00105319",
    "🙂" * 18,
    "91350100M000100Y4🙂",
    "\ud800" * 5,  # lone surrogates: not UTF-8 at all
    "Ｉ" * 18,
    "\n\t\r",
    "统一社会信用代码：",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_strings_get_a_verdict(text):
    assert uscc.is_valid(text) is False
    fs = uscc.diagnose(text)
    assert fs and fs[0].is_error
    with pytest.raises(uscc.InvalidCode):
        uscc.validate(text)
    uscc.suggest(text)
    uscc.normalize(text)


@pytest.mark.parametrize("value", [b"91350100M000100Y43", 916201055811843000, 9.1e17, None, ["x"], True])
def test_non_str_scalars_raise_type_error(value):
    for f in (uscc.is_valid, uscc.validate, uscc.diagnose, uscc.normalize, uscc.suggest):
        with pytest.raises(TypeError) as ei:
            f(value)
        assert "expects a str" in str(ei.value)
    if isinstance(value, bytes):
        assert "decode" in str(ei.value)
    if isinstance(value, int) and not isinstance(value, bool):
        assert "lost digits" in str(ei.value)


def test_policy_keywords():
    unknown = str(uscc.build("9", "1", "379999", "55138508-2"))
    assert uscc.is_valid(unknown)
    assert not uscc.is_valid(unknown, regions="strict")
    assert not uscc.is_valid(unknown, policy="strict")
    assert uscc.is_valid(unknown, policy="strict", regions="ignore")
    with pytest.raises(ValueError):
        uscc.is_valid(unknown, policy="lax")
    with pytest.raises(TypeError):
        uscc.is_valid(unknown, strictness="high")
    with pytest.raises(ValueError):
        uscc.is_valid(unknown, org_check="maybe")


def test_constants():
    assert uscc.ALPHABET == "0123456789ABCDEFGHJKLMNPQRTUWXY"
    assert "check_char_mismatch" in uscc.KINDS
    assert uscc.CHECK_COLUMNS == [
        "input", "normalized", "valid", "kind", "position", "expected", "message_zh", "message_en", "suggestion",
    ]


def test_the_package_carries_the_notices_of_the_region_data():
    # The region table compiled into the extension is derived from BSD, MIT and CC BY 4.0
    # data; their notices ship in the wheel.
    from importlib.resources import files

    notice = (files("uscc") / "THIRD_PARTY.md").read_text(encoding="utf-8")
    assert "CC BY 4.0" in notice and "BSD-3-Clause" in notice

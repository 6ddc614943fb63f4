import pytest

import uscc


def code_with_check_char(region: str, want: str) -> str:
    """A code in `region` whose correct check char is `want` (searching serial numbers)."""
    for n in range(100_000):
        body = f"{n:08d}"
        c = uscc.build("9", "1", region, body + uscc.org_check_char(body))
        if c.check_char == want:
            return str(c)
    raise AssertionError("unreachable: one serial in 31 has any given check char")


def kind_fixtures() -> list[tuple[str, str, dict]]:
    """(kind, input, policy keywords) producing each kind; built through the public API."""
    chengdu_y = code_with_check_char("510104", "1")[:17] + "Y"
    unknown = str(uscc.build("9", "1", "379999", "55138508-2"))
    abolished = str(uscc.build("9", "1", "371523", "55138508-2"))
    return [
        ("empty", "", {}),
        ("input_too_long", "9" * (uscc.MAX_INPUT_LEN + 1), {}),
        ("too_short", "9135", {}),
        ("too_long", "91350100M000100Y431", {}),
        ("invalid_char", "9135010+M000100Y43", {}),
        ("excluded_letter", "91350100M0001OOY43", {}),
        ("invalid_department", "B1350100M000100Y43", {}),
        ("invalid_category", "96350100M000100Y43", {}),
        ("invalid_region", "91A50100M000100Y43", {}),
        ("unknown_region", unknown, {}),
        ("region_not_in_year", abolished, {"issue_year": 2022}),
        ("abolished_region", abolished, {}),
        ("special_region", "531000005000160090", {}),
        ("org_check_mismatch", "91110108551385083U", {}),
        ("check_char_mismatch", "91110108551385082R", {}),
        ("pilot_code", "91350203M0001QKT19", {}),
        ("check_char_y_for_1", chengdu_y, {}),
        ("citizen_id", "362322198709086409", {}),
        ("registration_number", "310115600985533", {}),
        ("organization_code", "55138508-2", {}),
        ("spreadsheet_truncated", "916201055811843000", {}),
        ("scientific_notation", "9.13701E+17", {}),
        ("normalized_label", "统一社会信用代码：91110108551385082Q", {}),
        ("normalized_quote", "'91110108551385082Q", {}),
        ("normalized_invisible", "\u200b91110108551385082Q\u202e", {}),
        ("normalized_fullwidth", "９１１１０１０８５５１３８５０８２Ｑ", {}),
        ("normalized_whitespace", " 911101 08551385082Q\u3000", {}),
        ("normalized_hyphen", "911101-08551385082Q", {}),
        ("normalized_lowercase", "91110108551385082q", {}),
    ]


@pytest.fixture(scope="session")
def kinds() -> list[tuple[str, str, dict]]:
    return kind_fixtures()

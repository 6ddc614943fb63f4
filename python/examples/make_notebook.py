"""Writes clean_codes.ipynb from the cells below (run it, then execute the notebook:
`jupyter nbconvert --to notebook --execute --inplace python/examples/clean_codes.ipynb`)."""

from pathlib import Path

import nbformat as nbf

cells = [
    ("md", """# Cleaning a messy 统一社会信用代码 column with `uscc`

A registration export as it really arrives: codes with spaces and full-width digits, labels
pasted along, lower case, typos, letters for digits, citizen ID numbers in the wrong field,
codes a spreadsheet stored as numbers, duplicates, blanks. We will

1. check every code at native speed and see *what* is wrong with each one;
2. repair what can be repaired (normalization, and the most likely intended code);
3. scan the records for 错码 and 重码 and plot the monthly 重错码率."""),
    ("code", """import random, datetime, time
import pandas as pd
import polars as pl
import uscc

uscc.__version__"""),
    ("md", """## A messy column

We make one: real-looking valid codes built with `uscc.build` (so every one passes every rule),
then the faults a city really sees, at realistic rates."""),
    ("code", """rng = random.Random(2024)
regions = [r for r in ("110108", "310115", "320594", "350100", "370102", "440305", "510104", "650102")]
pairs = [("9", "1")] * 6 + [("9", "2")] * 8 + [("9", "3"), ("1", "2"), ("5", "1"), ("N", "2")]

def valid_code():
    while True:
        d, c = rng.choice(pairs)
        # Some subject identifiers are all digits: those are the codes spreadsheets mangle.
        chars = "0123456789" if rng.random() < 0.3 else uscc.ALPHABET
        body = "".join(rng.choice(chars) for _ in range(8))
        try:
            return str(uscc.build(d, c, rng.choice(regions), body + uscc.org_check_char(body)))
        except ValueError:
            pass

def mess(code):
    r = rng.random()
    if r < 0.04:  # a typo somewhere
        p = rng.randrange(18); return code[:p] + rng.choice(uscc.ALPHABET.replace(code[p], "")) + code[p + 1:]
    if r < 0.06:  # two adjacent characters swapped
        p = rng.randrange(17); return code[:p] + code[p + 1] + code[p] + code[p + 2:] if code[p] != code[p + 1] else code
    if r < 0.08:  # O for 0
        return code.replace("0", "O", 1)
    if r < 0.10:  # full width and an ideographic space
        return "".join(chr(ord(ch) + 0xFEE0) for ch in code[:9]) + "\\u3000" + code[9:]
    if r < 0.12:
        return "统一社会信用代码：" + code
    if r < 0.14:
        return " " + code.lower() + " "
    if r < 0.15:
        return None
    if r < 0.155:
        return "362322198709086409"  # a citizen ID in the code field
    if r < 0.17 and code.isdigit():
        return float(code)  # a spreadsheet stored it as a number
    return code

n = 200_000
entities = [f"某某{i:06d}有限公司" for i in range(150_000)]
codes = [valid_code() for _ in entities]
rows = []
for i in range(n):
    e = i if i < len(entities) else rng.randrange(len(entities))  # some entities appear again
    code = codes[e]
    name = entities[e]
    if rng.random() < 0.003:  # 重码: the same code on another entity
        name = rng.choice(entities)
    day = datetime.date(2024, 1, 1) + datetime.timedelta(days=rng.randrange(366))
    rows.append({"统一社会信用代码": mess(code), "名称": name, "登记日期": day.isoformat()})
df = pd.DataFrame(rows)
df.sample(8, random_state=1)"""),
    ("md", """## 1. Check every code

`uscc.check` takes a list, a numpy array, a pandas or polars Series or any Arrow array, runs in
parallel without the GIL, and returns a table (Arrow underneath) in input order."""),
    ("code", """t0 = time.perf_counter()
result = uscc.check(df["统一社会信用代码"])
print(f"{len(result):,} codes in {time.perf_counter() - t0:.3f} s")
checked = result.to_pandas()
checked[~checked["valid"]].head(10)"""),
    ("code", """counts = checked["kind"].value_counts()  # a categorical over every kind uscc knows
counts[counts > 0].rename("rows")"""),
    ("md", """Every invalid row says what is wrong, where and what was expected, in Chinese for the
clerk and in English for the log. One row in full:"""),
    ("code", """row = checked[checked["kind"] == "check_char_mismatch"].iloc[0]
row.to_dict()"""),
    ("md", """## 2. Repair

Normalization (spaces, width, case, labels) is safe and already done in `normalized`. A
suggestion is a *guess* — the most likely valid code one edit away — so we keep it in its own
column for a person to confirm. Spreadsheet damage and other identifiers are not typos: they
need the original record."""),
    ("code", """clean = df.assign(
    code=checked["normalized"].where(checked["valid"]),
    suggestion=checked["suggestion"],
    problem=checked["message_zh"],
)
needs_review = clean[clean["code"].isna()]
print(f"valid after normalization: {clean['code'].notna().mean():.2%}")
print(f"with a suggested repair:   {needs_review['suggestion'].notna().sum():,} of {len(needs_review):,} invalid rows")
needs_review[["统一社会信用代码", "suggestion", "problem"]].head(12)"""),
    ("md", """The same from the pandas accessor and the polars namespace:"""),
    ("code", """sample = pd.concat([df.head(3), df.loc[needs_review.index[:5]]])
sample["统一社会信用代码"].uscc.is_valid()"""),
    ("code", """pl.from_pandas(sample.astype({"统一社会信用代码": "string"})).with_columns(
    pl.col("统一社会信用代码").uscc.normalize().alias("normalized"),
    pl.col("统一社会信用代码").uscc.kind().alias("kind"),
)"""),
    ("md", """## 3. 重码/错码 and the monthly rate

`uscc.scan` is the batch engine: 错码 (a code breaking any rule, under the assessment policy),
重码 (one valid code carried by different entities), repeats, and the rate per month and
region."""),
    ("code", """report = uscc.scan(df["统一社会信用代码"], names=df["名称"], dates=df["登记日期"])
report"""),
    ("code", """{k: report.summary[k] for k in ("total", "valid", "erroneous", "duplicate", "repeated", "rate")}"""),
    ("code", """monthly = report.monthly.to_pandas()
monthly"""),
    ("code", """import matplotlib.pyplot as plt

ax = (monthly[monthly["month"] != "unknown"].set_index("month")["rate"] * 100).plot(
    kind="bar", figsize=(9, 3.5), color="#c0392b",
    title="Erroneous + duplicate codes by month (the monthly rate, %)")
ax.set_xlabel("month"); ax.set_ylabel("rate (%)")
plt.tight_layout()"""),
    ("code", """report.flagged.to_pandas().head(10)"""),
    ("code", """report.duplicates.to_pandas().head(10)"""),
]

nb = nbf.v4.new_notebook()
nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
nb.cells = [nbf.v4.new_markdown_cell(src) if kind == "md" else nbf.v4.new_code_cell(src) for kind, src in cells]
out = Path(__file__).with_name("clean_codes.ipynb")
nbf.write(nb, out)
print(out)

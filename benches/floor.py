"""The Python floor for `just bench-floor`: the least a pandas user would write to do what
`petrochip run` does, with none of its checks. It reads every sheet (CSV file) under RAW and
writes each one back as CSV and Parquet into OUT. No parsing of numbers or periods, no
validation, no grounding, no fsync, no atomic swap: a lower bound, not an equivalent.

Usage: python floor.py RAW OUT
"""

import pathlib
import sys

import pandas as pd


def main() -> None:
    raw, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    for sheet in sorted(raw.rglob("*.csv")):
        name = "__".join(sheet.relative_to(raw).with_suffix("").parts)
        frame = pd.read_csv(sheet)
        frame.to_csv(out / f"{name}.csv", index=False)
        frame.to_parquet(out / f"{name}.parquet")


if __name__ == "__main__":
    main()

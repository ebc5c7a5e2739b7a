#!/usr/bin/env python3
"""Regenerate the reference tables in this directory.

    python3 raw/reference/generate_reference.py

Writes, next to this script:

* countries.csv -- ISO 3166-1 (249 entries), from Debian's iso-codes as
  bundled by the PyPI package pycountry (pinned below): alpha-2, alpha-3,
  numeric, the English short name (iso-codes ``name`` field) and its French
  translation (gettext domain ``iso3166-1``, locale ``fr``).
* currencies.csv -- ISO 4217 currencies, from the same iso-codes (code,
  numeric, English name, French name from gettext domain ``iso4217``).
* elements.csv -- the 118 chemical elements, from the ELEMENTS table below
  (English names in IUPAC spelling, French names in lower case as used in
  running French text).

Needs python3 with the standard library and pycountry only. The output is
deterministic: with the pinned pycountry version the files come out
byte-identical. Exits non-zero, writing nothing, if any check fails.
"""

import csv
import gettext
import importlib.metadata
import io
import os
import sys

PYCOUNTRY_VERSION = "26.2.16"

HERE = os.path.dirname(os.path.abspath(__file__))

# (atomic number, symbol, English name (IUPAC), French name)
ELEMENTS = [
    (1, "H", "hydrogen", "hydrogène"),
    (2, "He", "helium", "hélium"),
    (3, "Li", "lithium", "lithium"),
    (4, "Be", "beryllium", "béryllium"),
    (5, "B", "boron", "bore"),
    (6, "C", "carbon", "carbone"),
    (7, "N", "nitrogen", "azote"),
    (8, "O", "oxygen", "oxygène"),
    (9, "F", "fluorine", "fluor"),
    (10, "Ne", "neon", "néon"),
    (11, "Na", "sodium", "sodium"),
    (12, "Mg", "magnesium", "magnésium"),
    (13, "Al", "aluminium", "aluminium"),
    (14, "Si", "silicon", "silicium"),
    (15, "P", "phosphorus", "phosphore"),
    (16, "S", "sulfur", "soufre"),
    (17, "Cl", "chlorine", "chlore"),
    (18, "Ar", "argon", "argon"),
    (19, "K", "potassium", "potassium"),
    (20, "Ca", "calcium", "calcium"),
    (21, "Sc", "scandium", "scandium"),
    (22, "Ti", "titanium", "titane"),
    (23, "V", "vanadium", "vanadium"),
    (24, "Cr", "chromium", "chrome"),
    (25, "Mn", "manganese", "manganèse"),
    (26, "Fe", "iron", "fer"),
    (27, "Co", "cobalt", "cobalt"),
    (28, "Ni", "nickel", "nickel"),
    (29, "Cu", "copper", "cuivre"),
    (30, "Zn", "zinc", "zinc"),
    (31, "Ga", "gallium", "gallium"),
    (32, "Ge", "germanium", "germanium"),
    (33, "As", "arsenic", "arsenic"),
    (34, "Se", "selenium", "sélénium"),
    (35, "Br", "bromine", "brome"),
    (36, "Kr", "krypton", "krypton"),
    (37, "Rb", "rubidium", "rubidium"),
    (38, "Sr", "strontium", "strontium"),
    (39, "Y", "yttrium", "yttrium"),
    (40, "Zr", "zirconium", "zirconium"),
    (41, "Nb", "niobium", "niobium"),
    (42, "Mo", "molybdenum", "molybdène"),
    (43, "Tc", "technetium", "technétium"),
    (44, "Ru", "ruthenium", "ruthénium"),
    (45, "Rh", "rhodium", "rhodium"),
    (46, "Pd", "palladium", "palladium"),
    (47, "Ag", "silver", "argent"),
    (48, "Cd", "cadmium", "cadmium"),
    (49, "In", "indium", "indium"),
    (50, "Sn", "tin", "étain"),
    (51, "Sb", "antimony", "antimoine"),
    (52, "Te", "tellurium", "tellure"),
    (53, "I", "iodine", "iode"),
    (54, "Xe", "xenon", "xénon"),
    (55, "Cs", "caesium", "césium"),
    (56, "Ba", "barium", "baryum"),
    (57, "La", "lanthanum", "lanthane"),
    (58, "Ce", "cerium", "cérium"),
    (59, "Pr", "praseodymium", "praséodyme"),
    (60, "Nd", "neodymium", "néodyme"),
    (61, "Pm", "promethium", "prométhium"),
    (62, "Sm", "samarium", "samarium"),
    (63, "Eu", "europium", "europium"),
    (64, "Gd", "gadolinium", "gadolinium"),
    (65, "Tb", "terbium", "terbium"),
    (66, "Dy", "dysprosium", "dysprosium"),
    (67, "Ho", "holmium", "holmium"),
    (68, "Er", "erbium", "erbium"),
    (69, "Tm", "thulium", "thulium"),
    (70, "Yb", "ytterbium", "ytterbium"),
    (71, "Lu", "lutetium", "lutécium"),
    (72, "Hf", "hafnium", "hafnium"),
    (73, "Ta", "tantalum", "tantale"),
    (74, "W", "tungsten", "tungstène"),
    (75, "Re", "rhenium", "rhénium"),
    (76, "Os", "osmium", "osmium"),
    (77, "Ir", "iridium", "iridium"),
    (78, "Pt", "platinum", "platine"),
    (79, "Au", "gold", "or"),
    (80, "Hg", "mercury", "mercure"),
    (81, "Tl", "thallium", "thallium"),
    (82, "Pb", "lead", "plomb"),
    (83, "Bi", "bismuth", "bismuth"),
    (84, "Po", "polonium", "polonium"),
    (85, "At", "astatine", "astate"),
    (86, "Rn", "radon", "radon"),
    (87, "Fr", "francium", "francium"),
    (88, "Ra", "radium", "radium"),
    (89, "Ac", "actinium", "actinium"),
    (90, "Th", "thorium", "thorium"),
    (91, "Pa", "protactinium", "protactinium"),
    (92, "U", "uranium", "uranium"),
    (93, "Np", "neptunium", "neptunium"),
    (94, "Pu", "plutonium", "plutonium"),
    (95, "Am", "americium", "américium"),
    (96, "Cm", "curium", "curium"),
    (97, "Bk", "berkelium", "berkélium"),
    (98, "Cf", "californium", "californium"),
    (99, "Es", "einsteinium", "einsteinium"),
    (100, "Fm", "fermium", "fermium"),
    (101, "Md", "mendelevium", "mendélévium"),
    (102, "No", "nobelium", "nobélium"),
    (103, "Lr", "lawrencium", "lawrencium"),
    (104, "Rf", "rutherfordium", "rutherfordium"),
    (105, "Db", "dubnium", "dubnium"),
    (106, "Sg", "seaborgium", "seaborgium"),
    (107, "Bh", "bohrium", "bohrium"),
    (108, "Hs", "hassium", "hassium"),
    (109, "Mt", "meitnerium", "meitnérium"),
    (110, "Ds", "darmstadtium", "darmstadtium"),
    (111, "Rg", "roentgenium", "roentgenium"),
    (112, "Cn", "copernicium", "copernicium"),
    (113, "Nh", "nihonium", "nihonium"),
    (114, "Fl", "flerovium", "flérovium"),
    (115, "Mc", "moscovium", "moscovium"),
    (116, "Lv", "livermorium", "livermorium"),
    (117, "Ts", "tennessine", "tennesse"),
    (118, "Og", "oganesson", "oganesson"),
]

# Rows that must be present in countries.csv.
REQUIRED_ALPHA3 = (
    "USA CHN TWN KOR COD AUS IRQ IRN KWT SAU NOR GBR ARE QAT KAZ JPN SGP FRA MEX"
).split()


class _MissingTranslation(gettext.NullTranslations):
    """Fallback that turns a missing French translation into an error."""

    def gettext(self, message):
        raise KeyError(message)


def fail(msg):
    print("generate_reference.py: error: " + msg, file=sys.stderr)
    sys.exit(1)


def to_csv(header, rows):
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


def country_rows():
    try:
        import pycountry
    except ImportError:
        fail(
            "pycountry is not installed; run: "
            "pip install --user pycountry==" + PYCOUNTRY_VERSION
        )
    version = importlib.metadata.version("pycountry")
    if version != PYCOUNTRY_VERSION:
        fail(
            "pycountry %s found, %s required for a reproducible countries.csv"
            % (version, PYCOUNTRY_VERSION)
        )

    fr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    fr.add_fallback(_MissingTranslation())

    rows, missing = [], []
    for c in pycountry.countries:
        try:
            name_fr = fr.gettext(c.name)
        except KeyError:
            missing.append("%s (%s)" % (c.alpha_3, c.name))
            continue
        if not name_fr.strip():
            missing.append("%s (%s)" % (c.alpha_3, c.name))
            continue
        rows.append((c.alpha_2, c.alpha_3, c.numeric, c.name, name_fr))
    if missing:
        fail("no French name for: " + ", ".join(missing))
    rows.sort(key=lambda r: r[1])

    if len(rows) != 249:
        fail("expected 249 countries, got %d" % len(rows))
    for col, label in ((0, "alpha2"), (1, "alpha3"), (2, "numeric")):
        values = [r[col] for r in rows]
        if len(set(values)) != len(values):
            fail("duplicate %s values" % label)
    for a2, a3, num, name_en, _ in rows:
        if not (len(a2) == 2 and a2.isascii() and a2.isalpha() and a2.isupper()):
            fail("bad alpha2 %r" % a2)
        if not (len(a3) == 3 and a3.isascii() and a3.isalpha() and a3.isupper()):
            fail("bad alpha3 %r" % a3)
        if not (len(num) == 3 and num.isascii() and num.isdigit()):
            fail("bad numeric %r for %s" % (num, a3))
        if not name_en.strip():
            fail("empty English name for %s" % a3)
    present = {r[1] for r in rows}
    absent = [a for a in REQUIRED_ALPHA3 if a not in present]
    if absent:
        fail("required countries absent: " + ", ".join(absent))
    return rows


# Currencies petrochip's sources state; the check fails if pycountry ever drops one.
REQUIRED_CURRENCIES = "USD EUR JPY KRW CNY TWD GBP CHF".split()


def currency_rows():
    import pycountry

    fr = gettext.translation("iso4217", pycountry.LOCALES_DIR, languages=["fr"])
    rows = []
    for c in pycountry.currencies:
        # A missing French name falls back to the English one, which gettext returns.
        rows.append((c.alpha_3, c.numeric, c.name, fr.gettext(c.name)))
    rows.sort(key=lambda r: r[0])
    codes = [r[0] for r in rows]
    if len(set(codes)) != len(codes):
        fail("duplicate currency codes")
    for code, num, name_en, _ in rows:
        if not (len(code) == 3 and code.isascii() and code.isalpha() and code.isupper()):
            fail("bad currency code %r" % code)
        if not (len(num) == 3 and num.isdigit()):
            fail("bad currency numeric %r for %s" % (num, code))
        if not name_en.strip():
            fail("empty currency name for %s" % code)
    absent = [c for c in REQUIRED_CURRENCIES if c not in codes]
    if absent:
        fail("required currencies absent: " + ", ".join(absent))
    return rows


def element_rows():
    rows = sorted(ELEMENTS)
    if [r[0] for r in rows] != list(range(1, 119)):
        fail("elements table must hold atomic numbers 1..118 exactly once")
    for col, label in ((1, "symbol"), (2, "name_en"), (3, "name_fr")):
        values = [r[col] for r in rows]
        if len(set(values)) != len(values):
            fail("duplicate element %s values" % label)
    return rows


def main():
    outputs = {
        "countries.csv": to_csv(
            ("alpha2", "alpha3", "numeric", "name_en", "name_fr"), country_rows()
        ),
        "currencies.csv": to_csv(
            ("code", "numeric", "name_en", "name_fr"), currency_rows()
        ),
        "elements.csv": to_csv(
            ("atomic_number", "symbol", "name_en", "name_fr"), element_rows()
        ),
    }
    for name, text in outputs.items():
        path = os.path.join(HERE, name)
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        print("wrote %s (%d data rows)" % (path, text.count("\n") - 1))


if __name__ == "__main__":
    main()

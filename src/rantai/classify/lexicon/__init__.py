"""The bilingual product lexicon: facts written by the Rantai project (see the header of each file).

Files, all UTF-8 tab-separated text (``.txt`` so the package data rules ship them) with ``#`` comment lines:

* ``products/*.txt``  ``code <TAB> Indonesian terms | … <TAB> English terms | …``; a code of 4 digits names a
  heading, 6 digits a subheading. One term is one entry; word order inside a term does not matter.
* ``glossary.txt``    ``word or phrase <TAB> lang <TAB> words of the HS descriptions it means``: how an
  Indonesian (or everyday English) word is said in the nomenclature ("beku" → "frozen", "beef" → "bovine").
* ``variants.txt``    ``spelling or slang <TAB> standard word`` ("kripik" → "keripik", "sambel" → "sambal").
* ``stopwords.txt``   ``word <TAB> kind``: packaging, marketing and function words that say nothing of the
  goods' classification ("sachet", "premium", "asli", "yang").
* ``vi_glossary.txt`` ``Vietnamese phrase <TAB> words of the HS descriptions it means <TAB> HS code or empty``:
  generic Vietnamese trade terms ("linh kiện" → parts, "thực phẩm bảo vệ sức khỏe" → food preparations, 2106.90).
* ``vi_stopwords.txt`` ``Vietnamese phrase <TAB> kind``: customs boilerplate ("do tổng cục trưởng tổng cục hải
  quan ban hành", "hàng mới") dropped from the text, and function syllables ("của", "các") that count only as
  part of a pair.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable

from rantai.core.errors import RantaiError

PACKAGE = "rantai.classify.lexicon"


@dataclass(frozen=True)
class ProductTerm:
    code: str
    term: str
    lang: str
    file: str
    line: int


@dataclass(frozen=True)
class VietnameseTerm:
    phrase: str
    meaning: str  # words of the HS descriptions
    code: str  # "" or a 2-, 4- or 6-digit HS code
    line: int


@dataclass
class LexiconFiles:
    terms: list[ProductTerm] = field(default_factory=list)
    glossary: list[tuple[str, str, str]] = field(default_factory=list)
    variants: dict[str, str] = field(default_factory=dict)
    stopwords: dict[str, str] = field(default_factory=dict)
    vi_glossary: list[VietnameseTerm] = field(default_factory=list)
    vi_stopwords: dict[str, str] = field(default_factory=dict)
    digest: str = ""


class LexiconError(RantaiError):
    code = "lexicon_error"


def _root() -> Traversable:
    return resources.files(PACKAGE)


def _rows(entry: Traversable, hasher: hashlib._Hash) -> list[tuple[int, list[str]]]:
    data = entry.read_bytes()
    hasher.update(entry.name.encode())
    hasher.update(data)
    rows: list[tuple[int, list[str]]] = []
    for number, line in enumerate(data.decode("utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        rows.append((number, [cell.strip() for cell in line.split("\t")]))
    return rows


def _fail(file: str, line: int, problem: str) -> LexiconError:
    return LexiconError(f"lexicon/{file}, line {line}: {problem}")


def read_lexicon() -> LexiconFiles:
    """Read every lexicon file shipped in the package; a malformed line raises ``LexiconError``."""
    root = _root()
    hasher = hashlib.sha256()
    lexicon = LexiconFiles()
    product_files = sorted(
        (entry for entry in root.joinpath("products").iterdir() if entry.name.endswith(".txt")),
        key=lambda entry: entry.name,
    )
    for entry in product_files:
        for number, cells in _rows(entry, hasher):
            if len(cells) != 3:
                raise _fail(f"products/{entry.name}", number, f"expected 3 tab-separated cells, found {len(cells)}")
            code, id_terms, en_terms = cells
            if not (code.isdigit() and len(code) in (2, 4, 6)):
                raise _fail(f"products/{entry.name}", number, f"{code!r} is not a 2-, 4- or 6-digit HS code")
            for lang, terms in (("id", id_terms), ("en", en_terms)):
                for term in terms.split("|"):
                    if term.strip():
                        lexicon.terms.append(ProductTerm(code, term.strip(), lang, entry.name, number))
    for number, cells in _rows(root / "glossary.txt", hasher):
        if len(cells) != 3 or cells[1] not in {"id", "en"}:
            raise _fail("glossary.txt", number, "expected: word, lang (id|en), meaning")
        lexicon.glossary.append((cells[0], cells[1], cells[2]))
    for number, cells in _rows(root / "variants.txt", hasher):
        if len(cells) != 2:
            raise _fail("variants.txt", number, "expected: variant, standard word")
        lexicon.variants[cells[0].lower()] = cells[1].lower()
    for number, cells in _rows(root / "stopwords.txt", hasher):
        if len(cells) != 2:
            raise _fail("stopwords.txt", number, "expected: word, kind")
        lexicon.stopwords[cells[0].lower()] = cells[1]
    for number, cells in _rows(root / "vi_glossary.txt", hasher):
        if len(cells) not in (2, 3) or not cells[1]:
            raise _fail("vi_glossary.txt", number, "expected: Vietnamese phrase, meaning, optional HS code")
        code = cells[2] if len(cells) == 3 else ""
        if code and not (code.isdigit() and len(code) in (2, 4, 6)):
            raise _fail("vi_glossary.txt", number, f"{code!r} is not a 2-, 4- or 6-digit HS code")
        lexicon.vi_glossary.append(VietnameseTerm(cells[0], cells[1], code, number))
    for number, cells in _rows(root / "vi_stopwords.txt", hasher):
        if len(cells) != 2 or cells[1] not in {"boilerplate", "function"}:
            raise _fail("vi_stopwords.txt", number, "expected: Vietnamese phrase, kind (boilerplate|function)")
        lexicon.vi_stopwords[cells[0]] = cells[1]
    lexicon.digest = hasher.hexdigest()
    return lexicon

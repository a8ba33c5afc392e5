"""``rantai demo generate``: realistic organisations and products across the 21 APEC economies, fast.

For demos and the search benchmark (1,000,000 products in minutes). Rows are made in Python from a seeded
random generator and written with multi-row inserts in large batches inside one transaction; the search
documents are then written in batches with the full-text index maintenance suspended and the index built
once at the end (``rantai.search.indexing.rebuild_all``).

- Economies: all 21 APEC members, weighted roughly by their number of enterprises; every one appears.
- HS codes: a chapter is drawn with the weights of ``facts/hs_chapter_weights.toml`` (world trade shares),
  then a subheading of that chapter; titles come from a small bilingual product vocabulary where it knows
  the heading, otherwise from the HS 2022 description.
- Indonesian MSMEs write in Indonesian (most also give an English title); others write in English.
- About 40% of organisations are verified by their economy's trade authority; most hold certifications.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.text import slugify

from rantai.catalogue.models import Product, ProductText
from rantai.directory.models import Certification, CertificationType, Organisation
from rantai.reference.models import Economy, HsCode, HsLevel
from rantai.search.bulk import RowWriter

FACTS = Path(__file__).resolve().parent / "facts" / "hs_chapter_weights.toml"

# Rough weights by number of enterprises (MSME counts of the APEC MSME reports); every economy appears.
ECONOMY_WEIGHTS = {
    "CHN": 20, "IDN": 16, "USA": 8, "JPN": 6, "VNM": 5, "PHL": 5, "MEX": 6, "THA": 5, "KOR": 5, "RUS": 4,
    "MYS": 3, "PER": 3, "CHL": 2, "CAN": 2, "AUS": 2, "TWN": 2, "HKG": 1, "SGP": 1, "NZL": 1, "PNG": 1,
    "BRN": 1,
}  # fmt: skip

CITIES = {
    "AUS": ["Sydney", "Melbourne", "Brisbane", "Perth", "Adelaide"],
    "BRN": ["Bandar Seri Begawan", "Kuala Belait", "Tutong"],
    "CAN": ["Toronto", "Vancouver", "Montreal", "Calgary", "Halifax"],
    "CHL": ["Santiago", "Valparaíso", "Concepción", "Puerto Montt"],
    "CHN": ["Shenzhen", "Guangzhou", "Yiwu", "Shanghai", "Xiamen", "Qingdao", "Chengdu"],
    "HKG": ["Kowloon", "Tsuen Wan", "Kwun Tong"],
    "IDN": ["Jakarta", "Surabaya", "Bandung", "Medan", "Makassar", "Yogyakarta", "Takengon", "Pekalongan",
            "Denpasar", "Jepara", "Solo", "Malang"],
    "JPN": ["Osaka", "Tokyo", "Nagoya", "Fukuoka", "Sapporo"],
    "KOR": ["Seoul", "Busan", "Incheon", "Daegu"],
    "MEX": ["Monterrey", "Guadalajara", "Ciudad de México", "Puebla", "Mérida"],
    "MYS": ["Kuala Lumpur", "Penang", "Johor Bahru", "Kuching", "Kota Kinabalu"],
    "NZL": ["Auckland", "Wellington", "Christchurch", "Hamilton"],
    "PER": ["Lima", "Arequipa", "Trujillo", "Cusco"],
    "PHL": ["Manila", "Cebu", "Davao", "Iloilo"],
    "PNG": ["Port Moresby", "Lae", "Mount Hagen", "Goroka"],
    "RUS": ["Vladivostok", "Novosibirsk", "Moscow", "Khabarovsk"],
    "SGP": ["Singapore"],
    "TWN": ["Taipei", "Taichung", "Kaohsiung", "Tainan"],
    "THA": ["Bangkok", "Chiang Mai", "Nakhon Ratchasima", "Songkhla"],
    "USA": ["Los Angeles", "Seattle", "Houston", "Chicago", "Miami", "Honolulu"],
    "VNM": ["Ho Chi Minh City", "Hanoi", "Da Nang", "Can Tho", "Hai Phong"],
}  # fmt: skip

AGENCIES = {
    "IDN": "Kementerian Perdagangan Republik Indonesia",
    "MYS": "MATRADE",
    "PHL": "Department of Trade and Industry",
    "THA": "Department of International Trade Promotion",
    "VNM": "Vietrade",
    "JPN": "JETRO",
    "KOR": "KOTRA",
    "AUS": "Austrade",
    "NZL": "New Zealand Trade and Enterprise",
    "CHL": "ProChile",
    "PER": "PROMPERÚ",
    "MEX": "Secretaría de Economía",
}

NAME_WORDS = {
    "id": (["CV", "PT", "UD", "Koperasi"], ["Sumber", "Makmur", "Jaya", "Sentosa", "Abadi", "Lestari", "Berkah",
           "Mitra", "Tani", "Nusantara", "Karya", "Mandiri", "Sejahtera", "Cahaya", "Bumi", "Gayo", "Rempah"]),
    "es": (["Comercial", "Exportadora", "Agroindustrias", "Cooperativa"], ["Andina", "del Sur", "Pacífico",
           "Sol", "Valle", "Montaña", "Costa", "Norte", "Maya", "Inca", "Austral"]),
    "en": (["", "", "Pacific", "Golden", "Harbour"], ["Summit", "Evergreen", "Coral", "Bridge", "Maple",
           "Southern Cross", "Lotus", "Jade", "Phoenix", "Orchid", "River", "Cedar"]),
}  # fmt: skip
NAME_TAILS = {
    "id": [""],
    "es": ["S.A.C.", "S.A. de C.V.", "SpA", "Ltda."],
    "en": ["Trading", "Foods", "Industries", "Co., Ltd", "Manufacturing", "Exports", "Pte Ltd", "Inc."],
}
NAME_LANGUAGE = {"IDN": "id", "MEX": "es", "PER": "es", "CHL": "es"}

# (HS heading, English title, Indonesian title): what MSMEs actually list under these headings.
VOCABULARY: dict[str, list[tuple[str, str]]] = {
    "0901": [("Arabica coffee beans", "Biji kopi arabika"), ("Robusta green coffee", "Kopi robusta mentah"),
             ("Roasted ground coffee", "Kopi bubuk sangrai"), ("Gayo arabica coffee", "Kopi arabika Gayo")],
    "0902": [("Green tea leaves", "Daun teh hijau"), ("Black tea", "Teh hitam")],
    "0904": [("Black pepper", "Lada hitam"), ("White pepper", "Lada putih")],
    "0907": [("Dried cloves", "Cengkeh kering")],
    "0908": [("Nutmeg and mace", "Pala dan bunga pala")],
    "0306": [("Frozen vannamei shrimp", "Udang vaname beku"), ("Frozen tiger prawns", "Udang windu beku"),
             ("Frozen peeled shrimps", "Udang kupas beku")],
    "0303": [("Frozen yellowfin tuna", "Tuna sirip kuning beku"), ("Frozen skipjack", "Cakalang beku")],
    "0302": [("Fresh grouper", "Ikan kerapu segar")],
    "1604": [("Canned tuna", "Tuna kaleng"), ("Canned sardines", "Sarden kaleng")],
    "1511": [("Crude palm oil", "Minyak sawit mentah"), ("Refined palm olein", "Minyak goreng sawit")],
    "1513": [("Virgin coconut oil", "Minyak kelapa murni")],
    "1801": [("Fermented cocoa beans", "Biji kakao fermentasi")],
    "1806": [("Dark chocolate bars", "Cokelat batangan hitam")],
    "1006": [("Jasmine rice", "Beras melati"), ("Organic brown rice", "Beras merah organik")],
    "0803": [("Fresh bananas", "Pisang segar")],
    "0804": [("Fresh mangoes", "Mangga segar"), ("Dried mango slices", "Irisan mangga kering")],
    "0801": [("Desiccated coconut", "Kelapa parut kering")],
    "2008": [("Banana chips", "Keripik pisang"), ("Cassava chips", "Keripik singkong")],
    "1905": [("Butter cookies", "Kue kering mentega"), ("Prawn crackers", "Kerupuk udang")],
    "2101": [("Instant coffee", "Kopi instan"), ("Coffee mix sachets", "Kopi campur sachet")],
    "2103": [("Sweet soy sauce", "Kecap manis"), ("Chilli sauce", "Saus sambal")],
    "1701": [("Palm sugar", "Gula aren"), ("Cane sugar", "Gula tebu")],
    "4001": [("Natural rubber sheets", "Karet alam lembaran")],
    "5208": [("Batik cotton fabric", "Kain batik katun"), ("Hand-drawn batik cloth", "Kain batik tulis")],
    "5212": [("Woven ikat fabric", "Kain tenun ikat"), ("Songket woven cloth", "Kain songket")],
    "6109": [("Cotton T-shirts", "Kaos katun")],
    "6205": [("Men's batik shirts", "Kemeja batik pria")],
    "6204": [("Women's batik dresses", "Gaun batik wanita")],
    "6403": [("Leather shoes", "Sepatu kulit")],
    "4202": [("Leather handbags", "Tas kulit"), ("Rattan handbags", "Tas rotan")],
    "4602": [("Rattan baskets", "Keranjang rotan"), ("Woven pandan mats", "Tikar pandan anyaman")],
    "4421": [("Carved wooden handicrafts", "Kerajinan kayu ukir")],
    "9403": [("Teak wood furniture", "Mebel kayu jati"), ("Rattan chairs", "Kursi rotan")],
    "3401": [("Handmade herbal soap", "Sabun herbal buatan tangan")],
    "3304": [("Natural skin care cream", "Krim perawatan kulit alami")],
    "3301": [("Patchouli essential oil", "Minyak nilam"), ("Clove leaf oil", "Minyak daun cengkeh")],
    "7113": [("Silver jewellery", "Perhiasan perak")],
    "6912": [("Ceramic tableware", "Peralatan makan keramik")],
    "8517": [("Smartphones", "Telepon pintar")],
    "8471": [("Laptop computers", "Komputer jinjing")],
    "8708": [("Motorcycle and car parts", "Suku cadang kendaraan")],
    "2701": [("Steam coal", "Batubara termal")],
}  # fmt: skip

QUALIFIERS = {
    "en": ["", "", "premium grade", "export quality", "grade A", "bulk", "wholesale", "handmade", "organic"],
    "id": ["", "", "kualitas ekspor", "grade A", "premium", "curah", "grosir", "buatan tangan", "organik"],
}

CERT_TYPES = {
    "halal": "Halal certificate",
    "sni": "SNI certificate",
    "bpom": "BPOM registration",
    "pirt": "PIRT home-industry food permit",
    "svlk": "SVLK timber legality certificate",
    "iso9001": "ISO 9001",
    "haccp": "HACCP",
    "organic": "Organic certificate",
}
CERTS_BY_ECONOMY = {"IDN": ["halal", "sni", "bpom", "pirt", "svlk", "haccp", "organic", "iso9001"]}
CERTS_ELSEWHERE = ["iso9001", "haccp", "organic", "halal"]
FOOD_CHAPTERS = {f"{c:02d}" for c in range(1, 25)}
SIZES = ("micro", "small", "medium", "large", "unknown")
SIZE_WEIGHTS = (55, 25, 12, 5, 3)


@dataclass(frozen=True)
class GenerateResult:
    organisations: int
    products: int
    documents: int
    economies: int


def chapter_weights() -> dict[str, float]:
    with FACTS.open("rb") as handle:
        facts = tomllib.load(handle)
    return {chapter: float(weight) for chapter, weight in facts["weights"].items()}


def _next_id(model: type[models.Model]) -> int:
    last = model._default_manager.order_by("-pk").values_list("pk", flat=True).first()
    return int(last or 0) + 1


def _ensure_certification_types() -> None:
    for code, name in CERT_TYPES.items():
        CertificationType.objects.get_or_create(code=code, defaults={"name": name})


def _subheadings_by_chapter() -> dict[str, list[tuple[str, str]]]:
    found: dict[str, list[tuple[str, str]]] = {}
    for code, description in HsCode.objects.filter(level=HsLevel.SUBHEADING).values_list(
        "code", "description"
    ):
        found.setdefault(code[:2], []).append((code, description))
    return found


def _clean_description(description: str) -> str:
    text = description.split(";")[0].strip().rstrip(":").strip()
    if text.lower().startswith("other"):
        text = ""
    return text[:1].upper() + text[1:120]


def generate(
    organisations: int, products: int, *, seed: int = 2026, progress: Callable[[str], None] | None = None
) -> GenerateResult:
    """Create ``organisations`` organisations and ``products`` products (about 90% published) and index them."""
    from rantai.search.indexing import rebuild_all

    rng = random.Random(seed)  # noqa: S311 -- demo data, reproducible by seed
    say = progress or (lambda message: None)
    economies = {e.iso3: e for e in Economy.objects.filter(iso3__in=list(ECONOMY_WEIGHTS))}
    missing = set(ECONOMY_WEIGHTS) - set(economies)
    if missing:
        raise RuntimeError(
            f"Load the reference data first (rantai data load-reference); missing {sorted(missing)}."
        )
    subheadings = _subheadings_by_chapter()
    weights = {ch: w for ch, w in chapter_weights().items() if ch in subheadings}
    chapter_list, chapter_weights_list = list(weights), list(weights.values())
    headings = {
        code: _clean_description(description)
        for code, description in HsCode.objects.filter(level=HsLevel.HEADING).values_list(
            "code", "description"
        )
    }
    now = timezone.now()
    with transaction.atomic():
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA cache_size = -1000000")
        else:
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit = off")
        _ensure_certification_types()
        org_rows = _generate_organisations(organisations, rng, economies, now)
        say(f"organisations: {len(org_rows):,}")
        count = _generate_products(
            products, rng, org_rows, subheadings, chapter_list, chapter_weights_list, headings, now, say
        )
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(
                no_style(), [Organisation, Certification, Product, ProductText]
            ):
                cursor.execute(sql)
        say("search documents …")
        documents, _ = rebuild_all(progress=say)
    return GenerateResult(
        organisations=len(org_rows),
        products=count,
        documents=documents,
        economies=len({row.economy for row in org_rows}),
    )


@dataclass
class _Org:
    id: int
    economy: str
    language: str
    city: str
    certs: list[int]  # certification ids
    cert_codes: list[str]


def _org_name(rng: random.Random, language: str, n: int) -> str:
    heads, words = NAME_WORDS.get(language, NAME_WORDS["en"])
    head = rng.choice(heads)
    body = " ".join(rng.sample(words, 2))
    tail = rng.choice(NAME_TAILS.get(language, NAME_TAILS["en"]))
    return " ".join(part for part in (head, body, tail) if part)


def _generate_organisations(
    n: int, rng: random.Random, economies: dict[str, Economy], now: dt.datetime
) -> list[_Org]:
    writer = RowWriter(Organisation, now)
    cert_writer = RowWriter(Certification, now)
    org_id, cert_id = _next_id(Organisation), _next_id(Certification)
    codes, code_weights = list(ECONOMY_WEIGHTS), list(ECONOMY_WEIGHTS.values())
    rows: list[_Org] = []
    for i in range(n):
        iso3 = codes[i] if i < len(codes) else rng.choices(codes, code_weights)[0]
        language = NAME_LANGUAGE.get(iso3, "en")
        name = _org_name(rng, language, i)
        city = rng.choice(CITIES[iso3])
        verified = rng.random() < 0.4
        kind = rng.choices(("msme", "both", "buyer"), (80, 12, 8))[0]
        updated = now - dt.timedelta(minutes=rng.randrange(0, 2 * 365 * 24 * 60))
        writer.add(
            id=org_id,
            name=name,
            legal_name=name,
            slug=f"{slugify(name)[:60] or 'org'}-{org_id}",
            kind=kind,
            economy_id=iso3,
            city=city,
            description=f"{name}, {city}.",
            description_language=language,
            languages=json.dumps([language]),
            size_class=rng.choices(SIZES, SIZE_WEIGHTS)[0],
            verification_status="verified" if verified else rng.choice(("unverified", "pending")),
            verified_agency=AGENCIES.get(iso3, f"Trade authority of {economies[iso3].name_en}")
            if verified
            else "",
            verified_at=updated if verified else None,
            created_at=updated,
            updated_at=updated,
        )
        pool = CERTS_BY_ECONOMY.get(iso3, CERTS_ELSEWHERE)
        chosen = rng.sample(pool, rng.choices((0, 1, 2, 3), (30, 40, 20, 10))[0])
        cert_ids = []
        for code in chosen:
            cert_writer.add(
                id=cert_id,
                organisation_id=org_id,
                type_id=code,
                number=f"{code.upper()}-{org_id:07d}",
                status="verified" if rng.random() < 0.85 else "submitted",
                valid_until=(now + dt.timedelta(days=rng.randrange(30, 1100))).date(),
            )
            cert_ids.append(cert_id)
            cert_id += 1
        rows.append(_Org(org_id, iso3, language, city, cert_ids, chosen))
        org_id += 1
    writer.flush()
    cert_writer.flush()
    return rows


def _generate_products(
    n: int,
    rng: random.Random,
    orgs: Sequence[_Org],
    subheadings: dict[str, list[tuple[str, str]]],
    chapters: list[str],
    chapter_weights: list[float],
    headings: dict[str, str],
    now: dt.datetime,
    say: Callable[[str], None],
) -> int:
    writer = RowWriter(Product, now)
    text_writer = RowWriter(ProductText, now)
    through = Product.certifications.through
    link_writer = RowWriter(through, now)
    product_id, text_id, link_id = _next_id(Product), _next_id(ProductText), _next_id(through)
    sellers = list(orgs)
    drawn_chapters = rng.choices(chapters, chapter_weights, k=n)
    for i in range(n):
        org = sellers[i % len(sellers)] if i < len(sellers) else rng.choice(sellers)
        chapter = drawn_chapters[i]
        hs6, description = rng.choice(subheadings[chapter])
        vocabulary = VOCABULARY.get(hs6[:4])
        if vocabulary:
            english, indonesian = rng.choice(vocabulary)
        else:
            english = _clean_description(description) or headings.get(hs6[:4], "") or f"HS {hs6} goods"
            indonesian = ""
        qualifier = rng.randrange(len(QUALIFIERS["en"]))
        title_en = f"{english} {QUALIFIERS['en'][qualifier]}".strip()[:200]
        title_id = f"{indonesian} {QUALIFIERS['id'][qualifier]}".strip()[:200] if indonesian else ""
        original_language = "id" if org.language == "id" and title_id else "en"
        title = title_id if original_language == "id" else title_en
        food = chapter in FOOD_CHAPTERS
        unit = "kg" if food else rng.choice(("piece", "piece", "kg", "set", "carton"))
        min_order = Decimal(rng.choice((1, 5, 10, 20, 50, 100, 200, 500, 1000, 5000)))
        capacity = None if rng.random() < 0.1 else min_order * rng.choice((10, 20, 50, 100, 500))
        price = Decimal(rng.randrange(100, 500_000)) / 100
        updated = now - dt.timedelta(minutes=rng.randrange(0, 2 * 365 * 24 * 60))
        city_line = f"{org.city}"
        description_text = (
            f"{title_id} dari {city_line}. Pesanan minimum {min_order} {unit}."
            if original_language == "id"
            else f"{title_en} from {city_line}. Minimum order {min_order} {unit}."
        )
        writer.add(
            id=product_id,
            organisation_id=org.id,
            sku=f"SKU-{product_id:08d}",
            title=title,
            description=description_text,
            language=original_language,
            hs_id=hs6,
            unit=unit,
            min_order=min_order,
            monthly_capacity=capacity,
            price_min=price,
            price_max=price * Decimal("1.2"),
            currency="USD",
            incoterms=json.dumps(rng.sample(["FOB", "CIF", "EXW", "CFR", "DAP"], 2)),
            lead_time_days=rng.choice((7, 14, 21, 30, 45, 60)),
            status="published" if rng.random() < 0.9 else "draft",
            created_at=updated,
            updated_at=updated,
        )
        text_writer.add(
            id=text_id, product_id=product_id, language=original_language, title=title,
            description=description_text, is_original=True,
        )  # fmt: skip
        text_id += 1
        if original_language == "id" and rng.random() < 0.6:
            text_writer.add(
                id=text_id, product_id=product_id, language="en", title=title_en,
                description=f"{title_en} from {city_line}.", is_original=False,
            )  # fmt: skip
            text_id += 1
        if org.certs and (food or rng.random() < 0.3):
            for cert in rng.sample(org.certs, min(len(org.certs), rng.choice((1, 1, 2)))):
                link_writer.add(id=link_id, product_id=product_id, certification_id=cert)
                link_id += 1
        product_id += 1
        if (i + 1) % 100_000 == 0:
            say(f"products: {i + 1:,}")
    writer.flush()
    text_writer.flush()
    link_writer.flush()
    return n

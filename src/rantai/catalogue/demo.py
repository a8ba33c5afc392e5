"""Published demo products for the demo MSME (Kopi Gayo Lestari), so product pages and search have content.

Called from ``directory.demo.load_demo`` after the demo organisations exist; safe to run again (products
are upserted by SKU, the same way a spreadsheet import is).
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from rantai.catalogue import search_hooks
from rantai.catalogue.bulk import upsert_products
from rantai.catalogue.models import Product, ProductText
from rantai.catalogue.rules import ProductValues
from rantai.directory.models import Organisation

DEMO_ORGANISATION = "Kopi Gayo Lestari"

# (sku, title, description, hs, national line, unit, MOQ, capacity, price min, price max, incoterms, lead days, English title)
DEMO_PRODUCTS = [
    ("GAYO-G1-GREEN", "Kopi arabika Gayo grade 1 (biji hijau)",
     "Biji kopi arabika hijau dari dataran tinggi Gayo, Aceh Tengah; olah basah, kadar air 12%, karung goni 60 kg.",
     "090111", "09011120", "kg", "600", "15000", "95000", "120000", ["FOB", "CIF"], 30,
     "Gayo arabica coffee grade 1 (green beans)"),
    ("GAYO-ROAST-250", "Kopi arabika Gayo sangrai 250 g",
     "Kopi sangrai tingkat medium, dikemas dalam kantong foil dengan katup satu arah.",
     "090121", "", "carton", "20", "800", "1100000", "1300000", ["EXW", "FOB"], 14,
     "Roasted Gayo arabica coffee 250 g"),
    ("KAYU-MANIS-STICK", "Kayu manis Kerinci batang",
     "Kayu manis (Cinnamomum burmannii) dari Kerinci, batang 8 cm, kadar minyak atsiri 2-3%.",
     "090620", "", "kg", "1000", "20000", "38000", "45000", ["FOB"], 21,
     "Kerinci cinnamon sticks"),
    ("PALA-BANDA", "Biji pala Banda utuh",
     "Pala (Myristica fragrans) dari Kepulauan Banda, dikeringkan dengan sinar matahari, disortir ABCD.",
     "090811", "", "kg", "500", "5000", "110000", "140000", ["FOB", "CFR"], 30,
     "Banda whole nutmeg"),
]


@transaction.atomic
def load_demo_products() -> list[Product]:
    organisation = Organisation.objects.get(name=DEMO_ORGANISATION)
    rows = [
        ProductValues(
            sku=sku, title=title, description=description, language="id", hs_id=hs, national_line=line,
            unit=unit, min_order=Decimal(moq).quantize(Decimal("0.001")),
            monthly_capacity=Decimal(capacity).quantize(Decimal("0.001")),
            price_min=Decimal(price_min).quantize(Decimal("0.01")),
            price_max=Decimal(price_max).quantize(Decimal("0.01")),
            currency="IDR", incoterms=incoterms, lead_time_days=lead, status=Product.Status.PUBLISHED,
        )
        for sku, title, description, hs, line, unit, moq, capacity, price_min, price_max, incoterms, lead, _en
        in DEMO_PRODUCTS
    ]
    upsert_products(organisation, rows)
    products = {p.sku: p for p in Product.objects.filter(organisation=organisation, sku__in=[r.sku for r in rows])}
    for sku, *_rest, english in DEMO_PRODUCTS:
        ProductText.objects.update_or_create(
            product=products[sku], language="en", defaults={"title": english, "is_original": False}
        )
    search_hooks.index_products([p.pk for p in products.values()])
    return list(products.values())

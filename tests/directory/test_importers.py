"""ISIC Rev. 4 and KBLI 2020 importers: the real shared files, atomic, idempotent, errors with file/line/column."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from rantai.core.errors import ImportFileError
from rantai.directory.importers import isic, kbli
from rantai.directory.models import BusinessActivity

pytestmark = pytest.mark.django_db


@pytest.fixture
def isic_file(shared_data):
    return shared_data / "business" / "isic_rev4_structure_unsd.csv"


@pytest.fixture
def kbli_file(shared_data):
    return shared_data / "business" / "kbli_5digit_id.csv"


def test_isic_then_kbli_builds_the_tree_and_links_kbli_to_isic(isic_file, kbli_file):
    isic.import_file(isic_file)
    cereal = BusinessActivity.objects.get(scheme="isic4", code="0111")
    assert (
        cereal.parent.code == "011"
        and cereal.parent.parent.code == "01"
        and cereal.parent.parent.parent.code == "A"
    )
    kbli.import_file(kbli_file)
    maize = BusinessActivity.objects.get(scheme="kbli2020", code="01111")
    assert maize.title_id == "Pertanian jagung"
    assert maize.isic == cereal and maize.title == cereal.title
    assert BusinessActivity.objects.filter(scheme="kbli2020").count() == 1520


def test_reimporting_the_same_file_changes_nothing(kbli_file):
    first = kbli.import_file(kbli_file)
    assert "1520 added" in first[0]
    again = kbli.import_file(kbli_file)
    assert "already imported" in again[0]
    assert BusinessActivity.objects.filter(scheme="kbli2020").count() == 1520


def test_kbli_before_isic_is_linked_when_isic_arrives(isic_file, kbli_file):
    kbli.import_file(kbli_file)
    assert BusinessActivity.objects.get(scheme="kbli2020", code="01111").isic is None
    isic.import_file(isic_file)
    assert BusinessActivity.objects.get(scheme="kbli2020", code="01111").isic.code == "0111"


def test_a_bad_row_names_file_line_and_column_and_writes_nothing(tmp_path):
    path = tmp_path / "kbli.csv"
    path.write_text("kode,kbli,deskripsi\n01111,PERTANIAN JAGUNG,x\n0111A,SALAH,y\n", encoding="utf-8")
    with pytest.raises(ImportFileError) as caught:
        kbli.import_file(path)
    error = caught.value
    assert (error.line, error.column) == (3, "1 (kode)")
    assert error.path.endswith("kbli.csv")
    assert not BusinessActivity.objects.exists()
    # A fixed file imports, since nothing of the failed attempt was kept.
    path.write_text("kode,kbli,deskripsi\n01111,PERTANIAN JAGUNG,x\n", encoding="utf-8")
    assert "1 added" in kbli.import_file(path)[0]


def test_isic_child_before_parent_is_refused(tmp_path):
    path = tmp_path / "isic.csv"
    path.write_text('"Code","Description"\n"A","Agriculture"\n"011","Growing"\n', encoding="utf-8")
    with pytest.raises(ImportFileError) as caught:
        isic.import_file(path)
    assert caught.value.line == 3
    assert not BusinessActivity.objects.exists()


def test_cli(kbli_file, capsys):
    call_command("data", "import", "activities", "--format", "kbli", str(kbli_file))
    assert "KBLI 2020: 1520 groups" in capsys.readouterr().out


def test_profile_accepts_a_loaded_kbli_code_only(world, kbli_file):
    from rantai.core.errors import RantaiError
    from rantai.directory import actions

    with pytest.raises(RantaiError) as caught:
        actions.update_profile(world.owner, world.org, {"kbli": "10761"})
    assert "kbli" in caught.value.fields
    kbli.import_file(kbli_file)
    actions.update_profile(world.owner, world.org, {"kbli": "10761"})
    world.org.refresh_from_db()
    assert world.org.kbli.code == "10761"

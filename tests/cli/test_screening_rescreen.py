import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from mixmig.apps.screening.models import Screening


def test_rescreen_under_another_pack(personas, register, capsys):
    register(personas.officer, given_name="A")
    register(personas.officer, given_name="B")
    call_command("screening_rescreen", "--pack", "borealis", "--no-progress")
    assert "re-screened 2 registrations under borealis" in capsys.readouterr().out
    assert set(Screening.objects.filter(is_current=True).values_list("pack_id", flat=True)) == {"borealis"}
    call_command("screening_rescreen", "--pack", "borealis", "--no-progress")
    assert "re-screened 0" in capsys.readouterr().out


def test_unknown_pack_is_a_clear_error(db):
    with pytest.raises(CommandError, match="no shipped pack 'atlantis'"):
        call_command("screening_rescreen", "--pack", "atlantis")

import pytest

from mixmig.apps.directory import selectors, services
from mixmig.apps.registry.errors import InvalidInput, NotPermitted

CSV = """code,name,service_type,provider_code,provider_name,agency,country,place,languages,data_fields,default_deadline_hours
cp-1,Child protection Agrigento,child_protection,prov-a,Provider A,unhcr,ITA,Agrigento,"ita,ara",identity;group,24
legal-1,Legal aid Lesvos,legal_aid,prov-b,Provider B,ngo-b,GRC,Mytilene,"ell,eng,fas",identity,
"""


def test_import_search_export_round_trip(personas):
    assert services.import_csv(personas.admin, CSV) == (2, 0)
    assert [s.code for s in selectors.search_services(service_type="child_protection")] == ["cp-1"]
    assert [s.code for s in selectors.search_services(language="fas")] == ["legal-1"]
    assert [s.code for s in selectors.search_services(place="mytil")] == ["legal-1"]
    out = services.export_csv(selectors.search_services())
    assert services.import_csv(personas.admin, out) == (0, 2)
    assert selectors.get_service("cp-1").default_deadline_hours == 24


def test_import_names_row_and_field_and_writes_nothing(personas):
    bad = CSV.replace("legal_aid", "lawyers").replace("identity,", "identity;dna,")
    with pytest.raises(InvalidInput) as exc:
        services.import_csv(personas.admin, bad)
    text = str(exc.value)
    assert "row 3, service_type" in text and "allowed" in text
    assert not selectors.search_services().exists()


def test_only_permitted_roles_manage_the_directory(personas):
    with pytest.raises(NotPermitted):
        services.import_csv(personas.caseworker, CSV)

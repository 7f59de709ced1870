"""A batch run on a small registry must not learn (unstable EM) and must still propose the obvious match."""

from mixmig.apps.identity import services
from mixmig.apps.identity.models import LinkageRun, PossibleMatch
from mixmig.apps.registry import services as registry

BOY = {"sex": "male", "birth_year": "2010", "nationalities": "SDN"}


def test_small_run_keeps_the_default_model_and_proposes_the_match(personas):
    registry.register_person(
        personas.officer,
        "lampedusa",
        {**BOY, "given_name": "Mohamed", "family_name": "Al Rashid", "given_name_original": "محمد"},
    )
    registry.register_person(
        personas.officer, "lampedusa", {**BOY, "given_name": "Muhammad", "family_name": "Rashid"}
    )
    for i in range(5):
        registry.register_person(
            personas.officer,
            "lampedusa",
            {
                "given_name": f"Other{i}",
                "family_name": "Person",
                "sex": "female",
                "birth_year": str(1980 + i),
            },
        )
    run = services.start_run(personas.supervisor, background=False)
    run = LinkageRun.objects.get(pk=run.pk)
    assert run.status == LinkageRun.Status.DONE, run.error
    assert run.model is None  # nothing learnt from a handful of pairs
    assert PossibleMatch.objects.filter(status=PossibleMatch.Status.PENDING).count() >= 1

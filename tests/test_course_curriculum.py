from collections import Counter

from realdata.course import registry
from realdata.course.curriculum import concepts_of, load_concepts


def test_the_concept_index_is_complete():
    concepts = load_concepts()
    assert len(concepts) == 33
    assert Counter(c.lesson for c in concepts) == {
        "datasets-and-dataloaders": 10,
        "mnist-project": 14,
        "debugging-and-visualization": 9,
    }
    assert {c.depth for c in concepts} == {"INTRODUCED", "DEVELOPED"}
    assert len({c.id for c in concepts}) == 33


def test_every_concept_of_a_built_lesson_is_exercised():
    covered = {c for e in registry.EXERCISES.values() for c in e.concepts}
    covered |= {c for q in registry.QUESTIONS.values() for c in q.concepts}
    for lesson in registry.LESSONS:
        missing = [c.concept for c in concepts_of(lesson.slug) if c.id not in covered]
        assert not missing, f"{lesson.slug}: no check or exercise covers {missing}"


def test_checks_name_only_real_concepts_of_their_own_lesson():
    by_id = {c.id: c for c in load_concepts()}
    for item in [*registry.EXERCISES.values(), *registry.QUESTIONS.values()]:
        assert item.concepts, f"{item.id} names no concept"
        for concept in item.concepts:
            assert concept in by_id, f"{item.id} names unknown concept {concept}"
            assert by_id[concept].lesson == item.lesson


def test_lesson_one_has_the_seeds_mix_of_exercises():
    levels = [e.level for e in registry.exercises_of("datasets-and-dataloaders")]
    assert Counter(levels) == {"guided": 2, "supported": 2, "independent": 1}
    for e in registry.EXERCISES.values():
        assert len(e.hints) == 3 and all(e.hints)
        assert e.solution.strip() and e.first_step

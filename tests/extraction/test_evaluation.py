"""The NewsClaims scorer's claimant comparison."""

import pytest

from claims.evaluation.claims import token_f1


@pytest.mark.parametrize(
    ("predicted", "gold", "expected"),
    [
        ("the WHO", "WHO", 1.0),
        ("a study", "study", 1.0),
        ("Swedish Health Minister Lena Hallengren", "Lena Hallengren", 1.0),
        ("Dr. Mike Ryan", "Mike Ryan", 1.0),
        ("lead author Peter Horby", "Peter Horby", 1.0),
        ("World Health Organization", "WHO", 0.0),
        ("Eli Lilly and Company", "Eli Lilly and Company", 1.0),
        # a person whose role names an organisation is still compared by name; the organisation stays whole
        ("Troy Ruiz", "Harbour Department official Troy Ruiz", 1.0),
        ("Ruritania Bank president Ana Lee", "Ana Lee", 1.0),
        ("Department of Health", "Health", 0.5),
        ("University of Leeds Medical School", "Medical School", pytest.approx(4 / 7)),
        ("Jonathan Epstein", "Epstein", pytest.approx(2 / 3)),
        ("", "", 1.0),
        ("Larry Romanoff", "", 0.0),
        # a person with an affiliation or an apposition is the person; a title "of" a place stays a title
        ("Dr Lena Ortiz", "Dr Lena Ortiz of the Marine Institute", 1.0),
        ("Tom Hale", "Tom Hale, head of research at Ruritania Bank", 1.0),
        ("Tom Hale", "Ruritania Bank's research chief, Tom Hale", 1.0),
        ("Ana Lee", "The mayor of Port Elm, Ana Lee", 1.0),
        ("harbour police", "harbour police in Elmtown, Ruritania", pytest.approx(2 / 3)),
        ("Minister of Ruritania Ana Lee", "First Minister of Ruritania Ana Lee", 1.0),
        # particles belong to the name they stand in
        ("Ali bin Saeed", "the channel's director, Dr Ali bin Saeed", 1.0),
        ("Marta van der Berg", "Port Commission President Marta van der Berg", 1.0),
        ("Carla da Costa", "Carla da Costa", 1.0),
        # an organisation written with its acronym is either form
        ("RHA", "the Ruritania Health Agency (RHA)", 1.0),
        ("Ruritania Health Agency", "the Ruritania Health Agency (RHA)", 1.0),
        # another system's claimant that opens with a comma is scored, not an error
        (", Harbourline and Nordvik Group", "Harbourline and Nordvik Group", 1.0),
    ],
)
def test_claimants_compare_by_words_in_the_gold_convention(predicted, gold, expected):
    assert token_f1(predicted, gold) == expected

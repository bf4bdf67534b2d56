"""Attribution on sentences written for these tests: role nouns, organisations and the journalist's voice."""

import pytest

from claims.extraction.attribution import attribute
from claims.extraction.segment import segment


def _claimants(text: str) -> list[tuple[str, str]]:
    return [(u.claimant, u.cue) for u in attribute(text, segment(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Health Minister Anna Berg opened the clinic on Monday. The minister said waiting times had halved.",
            [("", ""), ("Health Minister Anna Berg", "said")],
        ),
        (
            "Yuri Ushakov, an aide to the president, met reporters. The aide said talks would resume in May.",
            [("", ""), ("Yuri Ushakov", "said")],
        ),
        (
            "Police spokesman Tom Hale said two men were arrested. The spokesman added that a third was sought. "
            "He said the men were 19 and 22.",
            [
                ("Police spokesman Tom Hale", "said"),
                ("Police spokesman Tom Hale", "added"),
                ("Police spokesman Tom Hale", "said"),
            ],
        ),
        (
            "Foreign Minister Ana Ruiz met Interior Minister Jon Ortiz. The foreign minister said the border "
            "would reopen.",
            [("", ""), ("Foreign Minister Ana Ruiz", "said")],
        ),
    ],
)
def test_a_definite_role_noun_is_the_named_person_who_holds_that_role(text, expected):
    assert _claimants(text) == expected


def test_a_role_nobody_named_holds_stays_as_written_and_an_indefinite_one_is_not_resolved():
    assert _claimants("Mayor Lia Sun opened the bridge. The minister said it cost $4 million.")[1] == (
        "The minister",
        "said",
    )
    assert _claimants("Mayor Lia Sun opened the bridge. An aide said it cost $4 million.")[1] == ("An aide", "said")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The city council said the repairs cost $2 million.", [("The city council", "said")]),
        (
            "Emergency crews rescued 40 people, the regional government said.",
            [("the regional government", "said")],
        ),
        (
            "The Emergencies Ministry said six people died. The ministry said 40 were hurt.",
            [("Emergencies Ministry", "said")] * 2,
        ),
        (
            "Greenpeace said the spill covered 12 km of coast. The group said fish had died.",
            [("Greenpeace", "said")] * 2,
        ),
        ("Ford said sales fell 8 percent. The company said it would cut 3,000 jobs.", [("Ford", "said")] * 2),
        # a company's name says it is one, and is nobody's name
        (
            "Orvane Therapeutics said 40 patients recovered. The company said 12 had died.",
            [("Orvane Therapeutics", "said")] * 2,
        ),
        (
            "Kestrel Motors recalled 40,000 cars. The firm said the brakes could fail.",
            [("", ""), ("Kestrel Motors", "said")],
        ),
        (
            "The Kremlin rejected the report. It said the troops had left in March.",
            [("Kremlin", "rejected"), ("Kremlin", "said")],
        ),
        ("The U.S. has proposed a free economic zone in the region.", [("U.S.", "proposed")]),
    ],
)
def test_organisations_are_claimants_and_later_references_resolve_to_them(text, expected):
    assert _claimants(text) == expected


def test_a_generic_reference_does_not_jump_to_a_different_kind_of_organisation():
    assert _claimants("The ministry said 40 people were hurt. The company denied the report.")[1] == (
        "The company",
        "denied",
    )


def test_a_generic_reference_to_a_body_is_not_a_group_of_people_that_spoke_before():
    assert _claimants("Religious groups said the plan was wrong. The company said profits rose.")[1] == (
        "The company",
        "said",
    )


def test_things_and_the_journalists_own_statements_have_no_claimant():
    text = (
        "Turnout was 61 percent, up from 55 percent in 2019. The proposed law would raise taxes. "
        "It is not clear what happened. This factor predicts turnout."
    )
    assert _claimants(text) == [("", "")] * 4


def test_direct_indirect_and_according_to_speech():
    text = (
        'Mayor Carla Diaz said the bridge would reopen in June. "It carried 20,000 cars a day," she said. '
        "The repairs cost $4 million, according to the transport agency. "
        '"Nobody will be left without a road," said Diaz.'
    )
    assert _claimants(text) == [
        ("Mayor Carla Diaz", "said"),
        ("Mayor Carla Diaz", "said"),
        ("the transport agency", "according to"),
        ("Mayor Carla Diaz", "said"),
    ]


def test_a_quotation_continues_across_sentences_and_into_the_next_paragraph():
    text = (
        'Mayor Carla Diaz said: "The bridge carried 20,000 cars a day. It will reopen in June.\n\n'
        '"Nobody will be left without a road."\n\n'
        "The bridge was built in 1961."
    )
    assert _claimants(text) == [("Mayor Carla Diaz", "said")] * 3 + [("", "")]


@pytest.mark.parametrize(
    ("text", "claimant"),
    [
        (
            "Turkish President Recep Tayyip Erdoğan spoke on Friday. Erdogan said the museum would change.",
            "Turkish President Recep Tayyip Erdoğan",
        ),
        (
            "Prime Minister Jacinda Ardern met families. Prime Minister Ardern said gun laws would change.",
            "Prime Minister Jacinda Ardern",
        ),
        ("Senator Paul Grey arrived late. Grey was quoted as saying the bill would pass.", "Senator Paul Grey"),
        ('Opposition leader Ivan Petrov arrived. Petrov called it "a disgrace".', "Ivan Petrov"),
    ],
)
def test_later_mentions_with_other_spellings_titles_or_verbs_find_the_full_name(text, claimant):
    assert _claimants(text)[1][0] == claimant


def test_called_is_a_cue_only_for_what_was_said():
    assert _claimants("Neighbours called the police at 2am.") == [("", "")]
    assert _claimants("The court found the ban unlawful.") == [("The court", "found")]


def test_a_pronoun_after_a_sentence_that_opens_with_a_name_is_that_person():
    text = (
        "Mayor Carla Diaz said the bridge would reopen. Engineer Tom Ruiz inspected it. He said the cables were rusted."
    )
    assert _claimants(text)[2] == ("Engineer Tom Ruiz", "said")
    # a name that is the object of the sentence before is not its subject
    text = "Mayor Carla Diaz said the bridge would reopen. The council hired engineer Tom Ruiz. She said it was safe."
    assert _claimants(text)[2] == ("Mayor Carla Diaz", "said")


def test_trailing_attributions_with_where_it_was_said_and_quoting_verbs():
    text = (
        '"The deal is off," wrote union leader Joshua Wong on Twitter. '
        '"It is over," said Nora Bell at a press conference in the capital on Monday evening. '
        '"Our schools are full," Lam continued. Protests continued on Monday. '
        'Prosecutor Josh Bash characterized the attack as "designed to intimidate".'
    )
    assert _claimants(text) == [
        ("union leader Joshua Wong", "wrote"),
        ("Nora Bell", "said"),
        ("Lam", "continued"),
        ("", ""),
        ("Prosecutor Josh Bash", "characterized"),
    ]


def test_people_named_by_what_they_are_and_names_after_an_institution():
    assert _claimants('The mother said "I look forward to the day I can see them."') == [("The mother", "said")]
    assert _claimants("Residents there told the press the water was brown.") == [("Residents", "told")]
    text = 'Senate Minority Whip Dick Durbin spoke on Friday. Durbin said "I don\'t know what he is basing this on".'
    assert _claimants(text)[1] == ("Senate Minority Whip Dick Durbin", "said")
    # an institution's name stays an institution
    assert _claimants("The National Hurricane Center said the storm weakened.") == [
        ("National Hurricane Center", "said")
    ]


def test_people_placed_by_a_phrase_are_claimants_and_things_are_not():
    text = (
        "A source within the Interior Ministry reportedly said the toll was hidden. "
        "Officials at the scene said 12 people died. Residents of the town told reporters the water was brown. "
        "The rate of growth shows the limits. A trial in Wuhan showed the drug failed."
    )
    assert _claimants(text) == [
        ("A source within the Interior Ministry", "said"),
        ("Officials at the scene", "said"),
        ("Residents of the town", "told"),
        ("", ""),
        ("", ""),
    ]


def test_according_to_a_document_names_its_maker_and_clauses_after_while_have_subjects():
    text = (
        '"The airline carries weapons," according to a tweet on Monday by Secretary of State Mike Pompeo. '
        "The plant was closed, according to a statement from the ministry. "
        "The river rose, according to the report."
    )
    assert _claimants(text) == [
        ("Secretary of State Mike Pompeo", "according to"),
        ("the ministry", "according to"),
        ("the report", "according to"),
    ]
    text = "Mayor Ana Duda said the victims were young while Minister Jon Brudzinski wrote he had ordered checks."
    assert _claimants(text) == [("Mayor Ana Duda", "said"), ("Minister Jon Brudzinski", "wrote")]


def test_a_name_after_a_role_is_the_claimant_and_a_clause_after_said_is_not():
    assert _claimants("Chancellor Ana Berg's spokesperson, Tom Seibert, said the ban was needed.") == [
        ("Tom Seibert", "said")
    ]
    assert _claimants("The Hong Kong director, Man-kei Tam, said the protests grew.") == [("Man-kei Tam", "said")]


def test_a_paragraph_that_is_only_a_quotation_continues_the_speaker_before_it():
    text = (
        "Mayor Carla Diaz said the bridge would reopen in June.\n\n"
        '"It carried 20,000 cars a day. Nobody will be left without a road."\n\n'
        "The bridge was built in 1961."
    )
    assert _claimants(text) == [("Mayor Carla Diaz", "said")] * 3 + [("", "")]
    # someone named in the quotation's own paragraph is not overruled
    text = 'Mayor Carla Diaz said it would reopen.\n\n"It carried 20,000 cars a day." Engineer Tom Ruiz said so too.'
    assert _claimants(text)[1] == ("", "")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'Health Minister Ana Lee visited the ward on Monday. "We have 40 beds free. We will add 100 by Friday."',
            [("", ""), ("Health Minister Ana Lee", "quoted"), ("Health Minister Ana Lee", "quoted")],
        ),
        # the quotation's own speaker wins; a quotation in another paragraph, or after a sentence no person opens,
        # stays unattributed
        (
            'Tom Hale was arrested on Monday. "He is a danger to the public," police said.',
            [("", ""), ("police", "said")],
        ),
        ('Health Minister Ana Lee visited the ward.\n\n"We have 40 beds free."', [("", ""), ("", "")]),
        ('The ward reopened on Monday. "We have 40 beds free."', [("", ""), ("", "")]),
    ],
)
def test_a_quotation_standing_alone_is_the_person_who_opens_the_sentence_before(text, expected):
    assert _claimants(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "An Interpol spokesperson confirmed the arrest on Tuesday. The spokesperson said the suspect had "
            "been held for two days.",
            [("An Interpol spokesperson", "confirmed"), ("An Interpol spokesperson", "said")],
        ),
        (
            # a spokesman introduced as such is not any later spokesperson
            "An Interpol spokesman confirmed the arrest on Tuesday. The spokesperson said the suspect had "
            "been held for two days.",
            [("An Interpol spokesman", "confirmed"), ("The spokesperson", "said")],
        ),
        (
            "The Interpol spokesperson confirmed the arrest on Tuesday. The spokesperson said the suspect had "
            "been held for two days.",
            [("The Interpol spokesperson", "confirmed"), ("The Interpol spokesperson", "said")],
        ),
        (
            # one who spoke before someone else is not the one meant
            "The suspect was arrested in Lyon. He had fled from Spain in May. An Interpol spokesperson "
            "confirmed the arrest. Police chief Ana Lee said the suspect was armed. The spokesperson said the "
            "suspect had been held for two days.",
            [
                ("", ""),
                ("", ""),
                ("An Interpol spokesperson", "confirmed"),
                ("Police chief Ana Lee", "said"),
                ("The spokesperson", "said"),
            ],
        ),
    ],
)
def test_the_role_noun_stands_for_the_unnamed_person_introduced_by_it(text, expected):
    assert _claimants(text) == expected


def test_a_capitalised_title_without_its_article_is_the_one_person_who_holds_it():
    text = (
        "Prime Minister Ana Lee of Elbonia met the unions on Monday. After Deputy Prime Minister for Finance Jon "
        "Ortiz failed to buy enough tests, the Prime Minister apologised for the delay."
    )
    assert _claimants(text)[-1] == ("Prime Minister Ana Lee", "apologised")


def test_a_title_given_in_two_forms_to_one_person_still_names_that_person():
    text = (
        "Prime Minister Ana Lee said on Monday that 40 beds were free. Later, the Prime Minister said six had closed."
    )
    units = attribute(text, segment(text), title="Prime Minister of Elbonia Ana Lee opens ward")
    assert [(u.claimant, u.cue) for u in units][-1] == ("Prime Minister Ana Lee", "said")
    # two people who hold the title are not one
    text = "Prime Minister Ana Lee met Prime Minister Jon Ortiz. Later, the Prime Minister said six beds had closed."
    assert _claimants(text)[-1] == ("Prime Minister", "said")
    # nor are two who share a surname
    text = "Prime Minister Ana Lee met Prime Minister Bo Lee. Later, the Prime Minister said six beds had closed."
    assert _claimants(text)[-1] == ("Prime Minister", "said")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            # an honorific gives the sex: "She" passes over the man who spoke last
            "Ms Ann Lee said the bridge would reopen in May. Mr Tom Hale said repairs would take a year. She said "
            "the council had approved the money.",
            [("Ms Ann Lee", "said"), ("Mr Tom Hale", "said"), ("Ms Ann Lee", "said")],
        ),
        (
            # so does a role right before the name
            "The actress Ann Lee met the businessman Tom Hale at the premiere. Hale said the film cost $2 million. "
            "She said it would earn twice that.",
            [("", ""), ("Tom Hale", "said"), ("Ann Lee", "said")],
        ),
        (
            # and the pronouns of sentences that name the person alone
            "Tom Hale said he would resign. Ann Lee said she was sure she had the votes. He said the deficit was "
            "small.",
            [("Tom Hale", "said"), ("Ann Lee", "said"), ("Tom Hale", "said")],
        ),
        (
            # two persons who share a surname are told apart by their given names
            "Mr Tom Hale and his wife Ann Hale opened the shop. Ann Hale said sales had doubled. He said they would "
            "hire three staff.",
            [("", ""), ("Ann Hale", "said"), ("Mr Tom Hale", "said")],
        ),
    ],
)
def test_a_pronoun_stands_for_a_person_of_its_sex(text, expected):
    assert _claimants(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # one pronoun may be someone else's ("he" is the suspect): Lee's sex is not given, so "She" may be Lee
        (
            "Ann Lee said the suspect fled after he was released. Mr Tom Hale said the road was shut. She said the "
            "police had been warned.",
            "Ann Lee",
        ),
        # pronouns inside a quotation are the speaker's words about others: Hale's sex is not given by them
        (
            'Tom Hale said "she is lying" and "she knows it". Ms Ann Lee said the figures were right. He said the '
            "count was fair.",
            "Tom Hale",
        ),
    ],
)
def test_the_sex_a_name_is_given_needs_more_than_one_pronoun_outside_quotations(text, expected):
    assert _claimants(text)[-1] == (expected, "said")


def test_a_pronoun_goes_on_with_whom_the_same_pronoun_stood_for_just_before():
    text = (
        "Dr Ann Lee said the virus was spreading fast. The minister defended the plan. The lockdown, he argued, had "
        "saved lives. Schools would reopen in June, he added."
    )
    assert _claimants(text)[-2:] == [("The minister", "argued"), ("The minister", "added")]
    # another pronoun does not
    text = "Tom Hale said the bridge was safe. The lockdown, she argued, had saved lives. It was late, he added."
    assert _claimants(text)[-1] == ("Tom Hale", "added")


def test_a_pronoun_reports_a_figure_counted():
    text = "The ministry said 40 people died. It also reported 300 new cases. They reported the fault to engineers."
    assert _claimants(text) == [("The ministry", "said"), ("The ministry", "reported"), ("", "")]


def test_a_person_named_after_the_same_pronoun_in_the_sentence_is_not_the_one_meant():
    text = (
        "Governor Tom Hale spoke on Monday. His plans have clashed with leaders such as Ann Lee; he said the "
        "tax would stay."
    )
    assert _claimants(text)[-1] == ("Governor Tom Hale", "said")
    # a person named before the pronoun still is
    text = "Mayor Ann Lee opened the bridge, and she said it had cost $4 million."
    assert _claimants(text) == [("Mayor Ann Lee", "said")]

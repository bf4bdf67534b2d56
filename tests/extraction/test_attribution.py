from claims.extraction.attribution import attribute
from claims.extraction.segment import segment


def _by_quote(text: str) -> dict[str, tuple[str, str]]:
    return {text[u.start : u.end]: (u.claimant, u.cue) for u in attribute(text, segment(text))}


def _find(units: dict[str, tuple[str, str]], prefix: str) -> tuple[str, str]:
    matches = [v for k, v in units.items() if k.startswith(prefix)]
    assert len(matches) == 1, (prefix, list(units))
    return matches[0]


LAVROV = "Russian Foreign Minister Sergei Lavrov"
ZELENSKYY = "Ukrainian President Volodymyr Zelenskyy"
TRUMP = "U.S. President Donald Trump"


def test_seed_claimants(seed_text):
    units = _by_quote(seed_text)
    assert _find(units, "Russian Foreign Minister Sergei Lavrov said") == (LAVROV, "said")
    # pronoun subject resolves to the last person who made a claim
    assert _find(units, "No one was injured") == (LAVROV, "said")
    # later surname mentions resolve to the full form first used
    assert _find(units, '"Such reckless actions') == (LAVROV, "said")
    assert _find(units, "Putin told Trump in Monday's phone call") == ("an aide", "said")
    assert _find(units, "Denying Ukraine") == (ZELENSKYY, "accused")
    assert _find(units, "Ukrainian Foreign Minister Andrii Sybiha said") == (
        "Ukrainian Foreign Minister Andrii Sybiha",
        "said",
    )
    assert _find(units, "Colonel-General Mikhail Teplinsky") == ("Colonel-General Mikhail Teplinsky", "told")
    assert _find(units, '"In the near future') == ("President Vladimir Putin", "responded")
    assert _find(units, "Russia accused Ukraine on Monday") == ("Russia", "accused")
    # a title used alone resolves to the one person who holds it in the article
    assert _find(units, "On Sunday, Trump met") == (TRUMP, "said")


def test_seed_follow_ons_and_multi_sentence_quotes(seed_text):
    units = _by_quote(seed_text)
    assert _find(units, 'He added: "I am sure') == (ZELENSKYY, "added")
    # second sentence of a quote whose speaker is named in the previous sentence
    assert _find(units, '"It is clear that we had a meeting') == (ZELENSKYY, "told")
    # sentences inside one quotation spanning several sentences
    assert _find(units, "It's not the right time") == (TRUMP, "told")
    assert _find(units, 'I was very angry about it."') == (TRUMP, "told")


def test_article_assertions_have_no_claimant(seed_text):
    units = _by_quote(seed_text)
    assert _find(units, "Russia controls about a fifth of Ukraine") == ("", "")
    assert _find(units, "Lavrov did not offer any evidence") == ("", "")
    # "It claims Donbas": a territorial claim by a pronoun, not an attribution
    assert _find(units, "It claims Donbas") == ("", "")


def test_two_sources_in_one_sentence_become_two_claims(seed_text):
    units = _by_quote(seed_text)
    assert units["Still, Trump said they were only 95% ready"] == (TRUMP, "said")
    assert units["Zelenskyy said on Monday that he had sought a 50-year security deal."] == (ZELENSKYY, "said")


def test_inverted_trailing_and_according_to():
    text = (
        'Officials confirmed the closure. "The bridge is unsafe," said an engineer. '
        "Pets rarely catch the virus, says Shelley Rankin, a microbiologist at the university. "
        "According to the emergencies ministry, 39 people died. "
        "Mike Ryan, the WHO's top emergencies expert, said there were lessons to learn. "
        "One local, Johan Mattsson, told reporters the town was calm."
    )
    units = _by_quote(text)
    assert _find(units, "Officials confirmed") == ("Officials", "confirmed")
    assert _find(units, '"The bridge') == ("an engineer", "said")
    assert _find(units, "Pets rarely") == ("Shelley Rankin", "says")
    assert _find(units, "According to") == ("the emergencies ministry", "according to")
    assert _find(units, "Mike Ryan") == ("Mike Ryan", "said")
    assert _find(units, "One local") == ("Johan Mattsson", "told")


def test_speaker_named_after_the_quote_and_in_the_next_paragraph():
    text = (
        "Rescue chief Anna Kowalski arrived at dawn.\n\n"
        '"The explosion was very powerful. The whole building has collapsed," she said.\n\n'
        '"We will keep searching through the night.'
        '\n\n"Nobody should give up hope yet," she added.'
    )
    units = _by_quote(text)
    assert _find(units, '"The explosion') == ("Anna Kowalski", "said")
    assert _find(units, "The whole building") == ("Anna Kowalski", "said")
    assert _find(units, '"Nobody should') == ("Anna Kowalski", "added")


def test_nouns_that_look_like_cues_are_not_attributions():
    text = (
        "The false claim that the virus was made in a lab spread widely. "
        "Multiple episodes of his talk show address these theories. "
        "A trial in Wuhan showed lower mortality."
    )
    assert all(v == ("", "") for v in _by_quote(text).values())


def test_subject_name_across_its_qualifiers_and_no_borrowed_speaker():
    text = (
        'Steve Peers of the University of Essex said, "A court order applies everywhere." '
        'Jennifer Daskal of American University and contributor to Slate wrote, "A single country can now rule. '
        'And it says a country could do so on a global scale."'
    )
    units = _by_quote(text)
    # the person speaks, not the body named after "of"
    assert _find(units, "Steve Peers") == ("Steve Peers", "said")
    assert _find(units, "Jennifer Daskal") == ("Jennifer Daskal", "wrote")
    assert _find(units, "And it says") == ("Jennifer Daskal", "wrote")


def test_nouns_spoke_and_hyphenated_qualifiers():
    text = (
        "According to reports, all other US states with elections delayed them. "
        'Regina Ip from the pro-Beijing camp said in a press conference: "The behaviour was bad." '
        'Legislator Tanya Chan spoke to the press: "I urge her to go. Please go."'
    )
    units = _by_quote(text)
    assert _find(units, "According to reports") == ("reports", "according to")
    assert _find(units, "Regina Ip") == ("Regina Ip", "said")
    assert _find(units, "Please go.") == ("Legislator Tanya Chan", "spoke")


def test_interview_transcripts_attribute_answers_to_the_labelled_speaker():
    text = (
        "Wikinews spoke to researcher Sara Seager about the study.\n\n"
        "((WN)) What did you find?\n\n"
        "((Sara Seager))\n\n"
        "Life can thrive in hydrogen. Hydrogen is not toxic to life.\n\n"
        "((WN)) Were you surprised?\n\n"
        "Truth: hydrogen is common.\n\n"
        "RELATED NEWS\n\n"
        "Hydrogen prices rose 5% last year."
    )
    units = _by_quote(text)
    assert _find(units, "Life can thrive") == ("Sara Seager", "interview")
    assert _find(units, "Hydrogen is not toxic") == ("Sara Seager", "interview")
    assert _find(units, "((WN)) Were you") == ("", "")
    assert _find(units, "Truth:") == ("", "")
    assert _find(units, "Hydrogen prices") == ("", "")


def test_claims_by_name_their_agent():
    text = "Claims by officials in the regional government about the outbreak prompted a response."
    assert _find(_by_quote(text), "Claims by") == ("officials", "claims")


def test_a_leading_from_names_the_source_of_the_quotation():
    text = 'From the WHO, "there is no evidence that the virus spreads through mosquitoes."'
    assert _find(_by_quote(text), "From the WHO") == ("WHO", "from")


def test_a_denied_saying_is_not_an_attribution():
    text = "It is too soon to tell whether UV light kills the virus, and the agency does not suggest its use."
    assert _find(_by_quote(text), "It is too soon") == ("", "")
    said = "It is too soon to tell whether UV light kills the virus, the minister said."
    assert _find(_by_quote(said), "It is too soon") == ("the minister", "said")


def test_a_name_that_lists_its_remits_is_one_claimant():
    text = "The same day, Hong Kong's Agriculture, Fisheries and Conservation Department reported that a dog was ill."
    department = "Hong Kong's Agriculture, Fisheries and Conservation Department"
    assert _find(_by_quote(text), "The same day") == (department, "reported")


def test_a_study_keeps_the_journal_it_appeared_in():
    text = "Garlic does not cure the infection, according to a new study in the British Medical Journal."
    assert _find(_by_quote(text), "Garlic") == ("a new study in the British Medical Journal", "according to")
    published = "Masks cut transmission, according to a report published in The Lancet."
    assert _find(_by_quote(published), "Masks") == ("a report published in The Lancet", "according to")


def test_a_lede_that_withholds_a_name_takes_the_one_given_next():
    text = (
        "A senior European official has claimed that the outbreak began in a laboratory. "
        "Posting on social media, Health Minister Anna Kovacs shared a video of the claim."
    )
    assert _find(_by_quote(text), "A senior European official") == ("Health Minister Anna Kovacs", "claimed")
    unnamed = (
        "A senior European official has claimed that the outbreak began in a laboratory. "
        "Police later questioned Anna Kovacs about the video."
    )
    assert _find(_by_quote(unnamed), "A senior European official") == ("A senior European official", "claimed")


def test_an_interview_answer_speaking_for_the_speaker_s_own_team_or_in_the_first_person_is_the_speaker_s():
    text = (
        "Wikinews spoke to engineer Tomas Vik about the bridge.\n\n"
        "((WN)) What comes next?\n\n"
        "((Tomas Vik))\n\n"
        "Our team proposes a second span by 2030. I'd say the first span will last fifty years."
    )
    units = _by_quote(text)
    assert _find(units, "Our team") == ("Tomas Vik", "interview")
    assert _find(units, "I'd say") == ("Tomas Vik", "interview")

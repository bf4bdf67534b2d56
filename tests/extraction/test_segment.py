from claims.extraction.segment import BYLINE, DATELINE, HEADING, SENTENCE, segment


def _sentences(text: str) -> list[str]:
    return [text[s.start : s.end] for s in segment(text) if s.kind == SENTENCE]


def test_abbreviations_do_not_end_sentences():
    text = (
        "U.S. President Donald Trump met Dr. Jane Smith on Jan. 5 in Washington. "
        "The U.S. has proposed a free economic zone. It was rejected."
    )
    assert _sentences(text) == [
        "U.S. President Donald Trump met Dr. Jane Smith on Jan. 5 in Washington.",
        "The U.S. has proposed a free economic zone.",
        "It was rejected.",
    ]


def test_titles_inside_a_sentence_do_not_end_it():
    text = "The plan was backed by Rep. Ana Ruiz and Lt. Gen. Tom Hale on Monday. Gov. Lee opposed it."
    assert _sentences(text) == [
        "The plan was backed by Rep. Ana Ruiz and Lt. Gen. Tom Hale on Monday.",
        "Gov. Lee opposed it.",
    ]


def test_a_sentence_may_open_with_a_figure():
    text = "The ministry said 18 people died. 149 survivors are in hospital. The cost was approx. 5 million euros."
    assert _sentences(text) == [
        "The ministry said 18 people died.",
        "149 survivors are in hospital.",
        "The cost was approx. 5 million euros.",
    ]


def test_dashes_and_semicolons_stay_inside_the_sentence():
    text = (
        "It claims Donbas \u2013 comprising the Donetsk and Luhansk regions \u2013 as well as Kherson. "
        "The building was home to 1,000 people; 48 apartments were damaged. We left — quickly."
    )
    assert _sentences(text) == [
        "It claims Donbas \u2013 comprising the Donetsk and Luhansk regions \u2013 as well as Kherson.",
        "The building was home to 1,000 people; 48 apartments were damaged.",
        "We left — quickly.",
    ]


def test_quotes_spanning_sentences_are_split_at_sentence_ends_with_the_marks_kept():
    text = '"It\'s one thing," Trump told reporters. "It\'s another thing to attack. I was angry." He left.'
    assert _sentences(text) == [
        '"It\'s one thing," Trump told reporters.',
        "\"It's another thing to attack.",
        'I was angry."',
        "He left.",
    ]


def test_headings_datelines_and_bylines_are_not_sentences():
    text = (
        "Friday, January 4, 2019\n\nBy Jane Doe and John Roe\n\nKYIV, Dec 29 (Reuters) - Russia accused Ukraine "
        "of an attack.\n\nTERRITORIAL ISSUES UNRESOLVED\n\nTalks Stall Again\n\nSources\n\nTalks went on."
    )
    kinds = [(s.kind, text[s.start : s.end]) for s in segment(text)]
    assert kinds == [
        (DATELINE, "Friday, January 4, 2019"),
        (BYLINE, "By Jane Doe and John Roe"),
        (DATELINE, "KYIV, Dec 29 (Reuters) - "),
        (SENTENCE, "Russia accused Ukraine of an attack."),
        (HEADING, "TERRITORIAL ISSUES UNRESOLVED"),
        (HEADING, "Talks Stall Again"),
        (HEADING, "Sources"),
        (SENTENCE, "Talks went on."),
    ]


def test_sentence_case_headline_without_full_stop_stays_a_candidate():
    text = "Myth #1: Cold weather kills the novel coronavirus\n\nIt does not."
    assert _sentences(text) == ["Myth #1: Cold weather kills the novel coronavirus", "It does not."]


def test_hard_wrapped_paragraph_is_rejoined():
    text = (
        "The ministry said on Monday that the number of people evacuated from\n"
        "the flooded districts had risen to 12,000. Roads remain closed.\n\nA new paragraph."
    )
    sentences = _sentences(text)
    assert sentences[0].startswith("The ministry said") and sentences[0].endswith("risen to 12,000.")
    assert sentences[1:] == ["Roads remain closed.", "A new paragraph."]


def test_paragraph_numbers_follow_blank_lines(seed_text):
    segments = segment(seed_text)
    first, second = segments[0], segments[1]
    assert first.paragraph == 0 and second.paragraph == 1
    assert all(seed_text[s.start : s.end] == seed_text[s.start : s.end].strip() for s in segments)


def test_single_newlines_start_paragraphs_only_in_texts_without_blank_lines():
    lines = "The council met on Monday.\nThe mayor spoke.\nRoads remain closed."
    assert [s.paragraph for s in segment(lines)] == [0, 1, 2]
    assert [s.paragraph for s in segment(lines + "\n\nA new paragraph.")] == [0, 0, 0, 1]

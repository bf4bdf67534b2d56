from claims.extraction import facets


def _numbers(text: str) -> list[str]:
    _, spans = facets.dates(text)
    return facets.numbers(text, spans)


def test_numbers_keep_their_units_and_conversions():
    assert _numbers("It fired 91 long-range drones which were all destroyed.") == ["91 long-range drones"]
    assert _numbers("Moscow controls around 75% of the region.") == ["75%"]
    assert _numbers("Forces were 15 km (9.3 miles) from the city.") == ["15 km (9.3 miles)"]
    assert _numbers("Russia controls about a fifth of Ukraine.") == ["a fifth"]
    assert _numbers("The fund lost $3.5 billion, or 12 percent.") == ["$3.5 billion", "12 percent"]


def test_numbers_skip_names_dates_and_list_markers():
    assert _numbers("COVID-19 spread on December 28-29 in 2020.") == []
    assert _numbers("Myth #2: warm water kills it.") == []


def test_dates_in_news_forms():
    found, _ = facets.dates(
        "On Monday, after the February 2022 invasion and a survey from March 10 to 16, 2020, "
        "it struck on December 28-29 and annexed Crimea in 2014, Jan. 31 and 12 March."
    )
    assert found == ["Monday", "February 2022", "March 10 to 16, 2020", "December 28-29", "2014", "Jan. 31", "12 March"]


def test_entities_drop_titles_and_sentence_initial_words():
    text = "Russian Foreign Minister Sergei Lavrov said Ukraine's Zaporizhzhia plant was hit, the WHO said."
    assert facets.entities(text, frozenset({"Ukraine"})) == ["Sergei Lavrov", "Ukraine", "Zaporizhzhia", "WHO"]
    assert facets.entities('"It is clear," Another said.') == []

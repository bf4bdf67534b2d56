"""Text identity (decoding, normalising, hashing, canonical URLs) and HTML extraction."""

from __future__ import annotations

import pytest

from claims.ingestion.html import extract_html
from claims.ingestion.text import canonical_url, content_hash, decode_bytes, normalise_text


def test_decoding_never_fails():
    assert decode_bytes("café".encode()) == "café"
    assert decode_bytes("café".encode("cp1252")) == "café"
    assert decode_bytes("\ufeffhello".encode("utf-8")) == "hello"
    assert decode_bytes("héllo".encode("utf-16")) == "héllo"
    assert decode_bytes("naïve".encode("latin-1"), charset="latin-1") == "naïve"
    assert decode_bytes(b"caf\xe9", charset="no-such-charset") == "café"
    assert isinstance(decode_bytes(b"\x81\x8d\x8f\x90\x9d\xff"), str)


@pytest.mark.parametrize("charset", ["punycode", "idna", "undefined", "rot13", "no-such-charset"])
def test_an_unusable_declared_charset_is_skipped(charset):
    # "abc-9999999" makes punycode raise a bare UnicodeError; rot13 is no text encoding (LookupError).
    assert decode_bytes(b"abc-9999999", charset=charset) == "abc-9999999"


KOI8R_PAGE = (
    "<html><head>{meta}<title>Новости</title></head><body><p>Мэр сказал, что купят 12 автобусов.</p></body></html>"
)


@pytest.mark.parametrize(
    "meta",
    [
        '<meta charset="koi8-r">',
        "<META CHARSET=KOI8-R>",
        '<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">',
    ],
)
def test_html_without_a_header_charset_is_decoded_with_its_meta_charset(meta):
    page = KOI8R_PAGE.format(meta=meta)
    assert decode_bytes(page.encode("koi8-r")) == page


def test_the_header_charset_and_valid_utf8_come_before_the_meta_charset():
    page = KOI8R_PAGE.format(meta='<meta charset="iso-8859-1">')
    assert decode_bytes(page.encode("utf-8")) == page
    assert decode_bytes(page.encode("koi8-r"), charset="koi8-r") == page
    cp1252 = '<meta charset="utf-16"><p>Café “quoted”</p>'.encode("cp1252")
    assert decode_bytes(cp1252) == '<meta charset="utf-16"><p>Café “quoted”</p>'


def test_normalisation_and_hash_ignore_layout_and_case():
    a = "Hello\u00a0 world.\r\n\r\n\r\n\r\nSecond   line.\x00  "
    assert normalise_text(a) == "Hello world.\n\nSecond line."
    assert content_hash(a) == content_hash("hello world.\nsecond line.")
    assert content_hash("Cafe\u0301") == content_hash("Café")
    assert content_hash("one text") != content_hash("another text")


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("HTTPS://News.Example.COM:443/a?utm_source=x&id=3#top", "https://news.example.com/a?id=3"),
        ("http://news.example.com:80", "http://news.example.com/"),
        ("http://news.example.com:8080/x?fbclid=1", "http://news.example.com:8080/x"),
    ],
)
def test_canonical_urls(url, canonical):
    assert canonical_url(url) == canonical


PAGE = """<!doctype html><html lang="en"><head>
<title>Council buys buses | Town Herald</title>
<meta property="og:title" content="Council buys 12 electric buses">
<meta name="author" content="Dana Reporter">
<meta property="article:published_time" content="2025-12-29T08:00:00Z">
<meta property="og:site_name" content="Town Herald">
</head><body>
<nav><a href="/">Home</a> <a href="/politics">Politics</a> Subscribe to our newsletter</nav>
<article><h1>Council buys 12 electric buses</h1>
<p>The town council approved the purchase of 12 electric buses on Monday, the mayor said in a statement.</p>
<p>The buses will cost 4.5 million euros and replace diesel vehicles that are more than 15 years old.</p>
<p>Officials expect the first buses to enter service in March, according to the transport department.</p>
</article>
<footer>Copyright Town Herald. All rights reserved. Privacy policy.</footer>
</body></html>"""


def test_html_main_text_and_metadata():
    document = extract_html(PAGE, url="https://herald.example/buses")
    assert "12 electric buses on Monday" in document.text
    assert "replace diesel vehicles" in document.text
    assert "Subscribe to our newsletter" not in document.text
    assert "All rights reserved" not in document.text
    assert document.title == "Council buys 12 electric buses"
    assert document.author == "Dana Reporter"
    assert document.published.isoformat() == "2025-12-29"
    assert document.publisher == "Town Herald"


@pytest.mark.parametrize("markup", ["", "<html></html>", "<<<>>>", "\x00\x01", "<p>Short.</p>"])
def test_html_without_main_text_does_not_raise(markup):
    document = extract_html(markup)
    assert isinstance(document.text, str)


def test_headline_prefers_the_page_headline_over_social_titles():
    page = """<html><head><title>Fine for false contact reports | The Paper</title>
    <meta property="og:title" content="A rewritten social media title"></head><body>
    <h1>The Paper</h1><h1>Fine for false contact reports</h1>
    <article><p>The government said a fine of 1,000 pounds will apply from Monday to people who report contacts
    falsely, officials confirmed in a statement on the new rules.</p></article></body></html>"""
    assert extract_html(page).title == "Fine for false contact reports"

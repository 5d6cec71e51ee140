"""Markdown rendering and sanitising: what a post may contain, and every XSS trick refused."""

import re

import pytest
from forum_service.render import render, sanitise

VIDEO = "0123456789abcdef0123456789abcdef"

# Each payload must come out with no element, attribute or URL that can run script.
XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<a href="#" onclick="alert(1)">click</a>',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<math><mtext><table><mglyph><style><img src=x onerror="alert(1)">',
    "<iframe src=javascript:alert(1)></iframe>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](java\tscript:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](javascript&#58;alert(1))",
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![img](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "![x](javascript:alert(1))",
    "<javascript:alert(1)>",
    "[a](<javascript:alert(1)>)",
    '[a](https://ok.example "title" onmouseover=alert(1))',
    "[ref]\n\n[ref]: javascript:alert(1)",
    "**<img src=x onerror=alert(1)>**",
    "> <script>alert(1)</script>",
    "- [x](javascript:alert(1))",
    "`<script>`</script>",
    "[<img src=x onerror=alert(1)>](https://ok.example)",
    "<details open ontoggle=alert(1)>",
    "<a href='https://ok.example' target=_blank>x</a>",
    "<object data=javascript:alert(1)>",
    "<form action=javascript:alert(1)><button>x</button></form>",
    '<input autofocus onfocus="alert(1)">',
    "<!-- --><script>alert(1)</script>",
    "<base href=javascript:/>",
    "[x](  javascript:alert(1)  )",
    "[a](//evil.example/%0ajavascript:alert(1))",
]

_TAG = re.compile(r"<\s*([a-zA-Z0-9]+)([^>]*)>")
ALLOWED = {"p", "br", "hr", "em", "strong", "a", "code", "pre", "blockquote", "ul", "ol", "li"}


def _dangerous(html: str) -> list[str]:
    found = []
    for tag, attributes in _TAG.findall(html):
        if tag.lower() not in ALLOWED | {f"h{n}" for n in range(1, 7)}:
            found.append(f"tag {tag}")
        if re.search(r"\bon\w+\s*=", attributes, re.I) or "style" in attributes.lower():
            found.append(f"attribute in {tag}{attributes}")
        for url in re.findall(r'href="([^"]*)"', attributes):
            if re.match(r"\s*(javascript|vbscript|data):", url, re.I):
                found.append(f"url {url}")
    return found


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_render_refuses_every_xss_payload(payload):
    html = render(payload, video_id=VIDEO)
    assert _dangerous(html) == [], html
    assert "<script" not in html.lower() and "<svg" not in html.lower()


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_sanitise_alone_refuses_raw_payload_html(payload):
    # even if the renderer let raw HTML through, the sanitiser would not
    assert _dangerous(sanitise(payload)) == []


def test_render_commonmark_basics():
    html = render("*em* **strong** `code`\n\n- one\n- two\n\n1. first\n\n> quoted")
    assert "<em>em</em>" in html and "<strong>strong</strong>" in html
    assert "<code>code</code>" in html
    assert "<ul>\n<li>one</li>" in html and "<ol>" in html
    assert "<blockquote>" in html


def test_render_fenced_code_keeps_markup_as_text():
    html = render("```python\nprint('<b>hi</b>')\n```")
    assert html.startswith("<pre><code>") and "&lt;b&gt;hi&lt;/b&gt;" in html


def test_render_raw_html_is_shown_as_text():
    assert render("<b>bold</b>") == "<p>&lt;b&gt;bold&lt;/b&gt;</p>"


def test_render_links_get_nofollow_noopener():
    html = render("[docs](https://docs.example/x?a=1&b=2)")
    assert html == (
        '<p><a href="https://docs.example/x?a=1&amp;b=2" rel="nofollow noopener">docs</a></p>'
    )


def test_render_images_become_links():
    html = render("![a *cat*](https://img.example/cat.png)")
    assert html == '<p><a href="https://img.example/cat.png" rel="nofollow noopener">a cat</a></p>'


def test_render_line_breaks_are_kept():
    assert render("one\ntwo") == "<p>one<br>\ntwo</p>"


def test_render_timestamps_link_to_the_video_when_the_thread_has_one():
    html = render("See [1:02] and [1:02:03], not `[0:05]`.", video_id=VIDEO)
    assert f'href="/watch.html?id={VIDEO}&amp;t=62"' in html
    assert f'href="/watch.html?id={VIDEO}&amp;t=3723"' in html
    assert 'class="forum-timestamp"' in html and ">1:02</a>" in html
    assert "<code>[0:05]</code>" in html


def test_render_timestamps_stay_text_without_a_video():
    assert render("At [12:34] it breaks") == "<p>At [12:34] it breaks</p>"


def test_render_timestamp_inside_a_link_is_not_nested():
    html = render("[see [1:00]](https://ok.example)", video_id=VIDEO)
    assert html.count("<a ") == 1


def test_render_is_not_fooled_by_invalid_times():
    assert "<a" not in render("[1:75] [99:99]", video_id=VIDEO)

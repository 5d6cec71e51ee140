"""Markdown (CommonMark) → sanitised HTML, done once at write time and stored as body_html.

markdown-it-py renders with raw HTML off (tags in a post come out as text) and images as
plain links (a post cannot make every reader's browser fetch a third-party URL); nh3 then
keeps only the tags and attributes below, so even a renderer bug cannot let markup through.
Timestamps such as `[12:34]` become links to the thread's video at that second.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import nh3
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token

TAGS = {
    "p", "br", "hr", "em", "strong", "a", "code", "pre", "blockquote", "ul", "ol", "li",
    "h1", "h2", "h3", "h4", "h5", "h6",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
CLASSES = {"a": {"forum-timestamp"}}
SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow noopener"  # ugc links: no endorsement, no window.opener

# [m:ss], [mm:ss] or [h:mm:ss]; minutes and seconds below 60 when they follow a larger unit
TIMESTAMP = re.compile(r"\[(?:(\d{1,2}):)?([0-5]?\d):([0-5]\d)\]")


def _image_as_link(renderer, tokens, idx, options, env) -> str:
    """`![alt](url)` → a link to the image named by its alt text."""
    token = tokens[idx]
    src = str(token.attrGet("src") or "")
    alt = renderer.renderInlineAsText(token.children or [], options, env) or src
    return f'<a href="{escapeHtml(src)}">{escapeHtml(alt)}</a>'


def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "breaks": True})
    md.add_render_rule("image", _image_as_link)
    return md


_MD = _markdown()


def watch_url(video_id: str, seconds: int) -> str:
    """Where a timestamp of a thread about `video_id` leads: the player at that second."""
    return f"/watch.html?id={quote(video_id)}&t={seconds}"


def timestamp_seconds(match: re.Match) -> int:
    """Seconds of a `[h:mm:ss]` / `[m:ss]` match."""
    hours, minutes, seconds = (int(part) if part else 0 for part in match.groups())
    return hours * 3600 + minutes * 60 + seconds


def _link_timestamps(tokens: list[Token], video_id: str) -> None:
    """Turn `[12:34]` in plain text (not code, not already a link) into a link."""
    for block in tokens:
        if block.type != "inline" or not block.children:
            continue
        children, depth = [], 0
        for token in block.children:
            depth += {"link_open": 1, "link_close": -1}.get(token.type, 0)
            if token.type != "text" or depth or not TIMESTAMP.search(token.content):
                children.append(token)
                continue
            children += _split(token.content, video_id)
        block.children = children


def _split(text: str, video_id: str) -> list[Token]:
    out, start = [], 0
    for match in TIMESTAMP.finditer(text):
        if match.start() > start:
            out.append(_text(text[start : match.start()]))
        link = Token("link_open", "a", 1)
        link.attrs = {
            "href": watch_url(video_id, timestamp_seconds(match)),
            "class": "forum-timestamp",
        }
        out += [link, _text(match.group(0)[1:-1]), Token("link_close", "a", -1)]
        start = match.end()
    if start < len(text):
        out.append(_text(text[start:]))
    return out


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token


def sanitise(html: str) -> str:
    """Keep only the allowed tags, attributes and URL schemes; every link gets LINK_REL."""
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        allowed_classes=CLASSES,
        url_schemes=SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )


def render(body: str, *, video_id: str | None = None) -> str:
    """The sanitised HTML of a Markdown body (timestamps linked when a video is given)."""
    tokens = _MD.parse(body)
    if video_id:
        _link_timestamps(tokens, video_id)
    return sanitise(_MD.renderer.render(tokens, _MD.options, {})).strip()

"""Cleaning an entry's text: clutter, links' words, emphasis, CJK notes, topic text. Pure."""

from __future__ import annotations

import re

from enrich.normalize import clean_text

MAX_TOPIC_WORDS = 10
"""A plain line this short (and not a sentence) is a topic line that names the section."""

# --------------------------------------------------------------------------- regexes
_CJK_CLASS = (
    "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\u3000-\u303f\uff01-\uff60"
)
_CJK = re.compile(f"[{_CJK_CLASS}]")
_COLON_CJK_NOTE = re.compile(f"\\s*[:\uff1a]\\s*[{_CJK_CLASS}].*$")
"""A colon (either width) followed by CJK text: the note after it is dropped."""

_TAGGED_CJK_TAIL = re.compile(f"(?<=[A-Za-z0-9)\\]?])\\s*[{_CJK_CLASS}].*$")


_TRAIL_BACKTICK = re.compile(r"\s*`[^`]*`\s*$")
_TRAIL_SEPARATORS = " \t-|:/~"
"""Separators left at the end once a link or tag is gone (not ``,``/``;``: see sentence_end)."""
_LEAD_SEPARATORS = " \t-|:,;/~"

_TASK = re.compile(r"^\[[ xX]\]\s+")
PARENS = r"\((?:[^()]|\([^()]*\))*\)"
"""A link's parenthesised target: parentheses inside it come in pairs, one level deep (as
CommonMark reads them). Each match then ends by the next unpaired parenthesis, so a line of
``[a](`` repeated 2,500 times is read in linear time, not by scanning to the line's end from
every bracket."""
HREF = r"(?:[^()\s]|\([^()\s]*\))*"
"""A link target without spaces, its parentheses in pairs (see :data:`PARENS`)."""
_IMAGE = re.compile(rf"!\[[^\[\]]*\]{PARENS}")
_EMPTY_LINK = re.compile(rf"\[\s*\]{PARENS}")
_HTML_TAG = re.compile(r"<[^<>]+>")
_URL = re.compile(r"<?\bhttps?://[^\s)>\]]+>?")
_DOUBLE_BRACKET = re.compile(rf"\[\[[^\[\]]*\]\](?:{PARENS})?|\[\[[^\[\]]*\]{PARENS}\]")
"""``[[Paper]]``, ``[[Code]](url)``, ``[[pdf](url)]``: link clutter."""

_CLUTTER_WORDS = (
    "paper|papers|pdf|code|codes|link|links|slides?|video|videos|talk|blog|github|git|arxiv|"
    "project|website|homepage|poster|bib|bibtex|abs|abstract|html|doi|supp|appendix|dataset|"
    "demo|tweet|openreview|acm|ieee|usenix|notes?|review|summary|zhihu|repo|official|"
    "reading notes|my notes|知乎|笔记|论文|代码"
)
_CLUTTER_LINK = re.compile(rf"\[\s*(?:{_CLUTTER_WORDS})\s*\](?:{PARENS})?", re.IGNORECASE)
_CLUTTER_ONLY = re.compile(rf"^\s*(?:{_CLUTTER_WORDS})?\s*$", re.IGNORECASE)
_LINK = re.compile(rf"\[((?:[^\[\]]|\[[^\[\]]*\])+)\]\(({HREF})(?:\s+\"[^\"]*\")?\)")
_TOOLTIP_LINK = re.compile(rf"\[([^\[\]]{{1,40}})\]\(({HREF})\s+\"([^\"]{{8,400}})\"\)")
"""``[GPTQ](url "GPTQ: Accurate Post-Training Quantization ...")``: a link with a tooltip."""
_EMPH_OPEN = re.compile(r"(?<![\w*])[*_]+(?=\S)")
_EMPH_CLOSE = re.compile(r"(?<=\S)[*_]+(?![\w*])")
_QUOTED = re.compile(r'^"(.+)"$')
_LETTER = re.compile(r"[^\W\d_]")


_PICTOGRAPHS = re.compile(
    "(?<!\\S)[\u2190-\u21ff\u2300-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff\ufe0f\u200d]+(?!\\S)"
)
"""A word of pictographs alone (``📄 [paper](url) 💻 [code](url)``: the links' icons, a status
``⭐``): it says nothing about the title, and would hide a venue tag before it."""


def _strip_clutter(s: str) -> str:
    """Remove images, badges, HTML, URLs, link words and icons; keep other links' text."""
    if "[" in s:
        if "![" in s:
            s = _IMAGE.sub("", s)
        if "](" in s:
            s = _EMPTY_LINK.sub("", s)
        if "[[" in s:
            s = _DOUBLE_BRACKET.sub("", s)
        s = _CLUTTER_LINK.sub("", s)
        if "](" in s:
            s = _LINK.sub(r"\1", s)
        if "()" in s:
            s = s.replace(" ()", "")  # Title ([paper](url)): the parentheses held only links
    if "<" in s:
        s = _HTML_TAG.sub(" ", s)
    if "http" in s:
        s = _URL.sub("", s)
    if not s.isascii():
        s = _PICTOGRAPHS.sub("", s)
    return s


def tooltip_titles(s: str) -> str:
    """``[Name](url "Full title")`` as ``[Full title](url)``: a short link text (three words at
    most) whose tooltip says more, in more words, names the paper by the tooltip."""
    if '"' not in s or "](" not in s:
        return s

    def full(m: re.Match[str]) -> str:
        name, href, tip = m.group(1).strip(), m.group(2), m.group(3).strip()
        if len(name.split()) > 3 or len(tip.split()) < 3 or _CLUTTER_ONLY.match(tip):
            return m.group(0)
        return f"[{tip}]({href})"

    return _TOOLTIP_LINK.sub(full, s)


def _strip_emphasis(s: str) -> str:
    if "*" in s or "_" in s:
        s = s.replace("**", "").replace("__", "")
        s = _EMPH_OPEN.sub("", s)
        s = _EMPH_CLOSE.sub("", s)
    return s


def _cut_fullwidth_note(text: str) -> str:
    """Drop the note after a full-width colon (``Title：中文注释``) before NFKC makes it ``:``.

    A full-width colon followed by Latin text is the title's own colon typed on a CJK keyboard
    (``MegaScale：Scaling ...``), unless the title already has a colon before it.
    """
    i = text.find("\uff1a")
    if i < 0:
        return text
    head, tail = text[:i], text[i + 1 :]
    if _CJK.search(tail) or ":" in head:
        return head
    return text.replace("\uff1a", ": ")


_NUMBERING = re.compile(r"^\d+(?:\.\d+)*[.)]?\s+")


def _topic_text(s: str) -> str:
    """A heading or topic line as a section name: no links, emphasis, numbering or colon."""
    s = _NUMBERING.sub("", clean_text(_strip_emphasis(_strip_clutter(s))))
    return s.rstrip(" :").strip()


def _is_topic_line(text: str) -> bool:
    """A short plain line that is not a sentence and not CJK annotation names a section."""
    s = _topic_text(text)
    if not s or not _LETTER.search(s) or _CJK.search(s):
        return False
    if len(s) > 100 or len(s.split()) > MAX_TOPIC_WORDS:
        return False
    return not _ends_sentence(s) and not s.endswith("?")


_SENTENCE_END_CHARS = ".,;!\u3002\uff0c\uff1b"


def _ends_sentence(s: str) -> bool:
    """Ends like a sentence (``.``, ``,``, ``;``, ``!``), but not with an ellipsis."""
    return s[-1:] in _SENTENCE_END_CHARS and s[-1:] != "" and not s.endswith("..")

"""Vocabulary of prose: the words that open sentences and the verbs that make one."""

from __future__ import annotations

import re

# fmt: off
_PROSE_FIRST_WORDS = frozenset((
    # labels
    "keyword", "keywords", "tag", "tags", "author", "authors", "code", "paper", "pdf", "slides",
    "video", "note", "notes", "summary", "abstract", "tl;dr", "tldr", "link", "links", "project",
    "website", "venue", "conference", "published", "contribution", "contributions", "motivation",
    "problem", "key", "idea", "solution", "result", "results", "evaluation", "pros", "cons",
    "limitation", "limitations", "takeaway", "takeaways", "background", "insight", "insights",
    "remark", "remarks", "comment", "comments", "todo", "status", "update", "updates", "updated",
    # a syllabus's labels
    "guest", "lecture", "lectures", "lab", "labs", "homework", "homeworks", "assignment",
    "assignments", "exam", "exams", "quiz", "quizzes", "grading", "office", "instructor",
    "instructors", "reading", "readings", "due",
    # sentence openers
    "in", "this", "we", "our", "it", "they", "he", "she", "i", "here", "there", "nb", "please",
    "thanks", "see", "also", "for", "e.g.", "i.e.", "last", "the", "these", "those",
))
# fmt: on
"""First words :data:`_PROSE` can match (lower-case): the regex only runs for these."""

# fmt: off
_VERBS = frozenset((
    "enables", "uses", "designs", "implements", "determines", "achieves", "provides",
    "proposes", "presents", "introduces", "allows", "supports", "handles", "leverages",
    "exploits", "reduces", "improves", "builds", "shows", "offers", "combines", "extends",
    "describes", "studies", "explores", "analyzes", "analyses", "focuses", "aims", "targets",
    "employs", "adopts", "applies", "utilizes", "outperforms", "accelerates", "optimizes",
    "schedules", "automates", "identifies", "observes", "argues", "finds", "demonstrates",
    "can", "could", "will", "would", "should", "does", "did", "has", "have",
))
# fmt: on
"""Lower-case verbs that, right after a short subject, make a line a sentence.

Case matters: a Title Case title capitalises its verbs (``Attention Is All You Need``)."""
_BE = frozenset(("is", "are", "was", "were"))
_VERBS_AND_BE = _VERBS | _BE
_ARTICLES = frozenset(("a", "an", "the"))
_LOWER_WORD = re.compile(r"^[a-z]+\b(?![\w\-'])")
_PARTICLE_START = re.compile(
    r"^(?:(?:van|von|de|der|den|da|di|del|du|le|la|dos|das|ter|ten)\s){1,3}[A-Z]"
)
"""``van Renesse, R.``: a reference whose author block opens with a surname's lower-case
particle (so the line starts a reference; it does not continue the line above)."""

"""Things lists hold that are not paper entries (gold kind ``N``).

:func:`noise_item` gives one line's text to put in a list among entries (a tool, a blog
post, a course, a person, a ``[Code]`` line ...); :func:`noise_block` gives a block of lines
between sections (a heading, prose, an abstract, a table of contents, licence text).
"""

from __future__ import annotations

import random

from tests.listgen.records import NOUN, OBJ, SYSTEM_NAMES

TOOLS = ("vllm-project/vllm", "microsoft/DeepSpeed", "NVIDIA/Megatron-LM", "ray-project/ray",
         "pytorch/serve", "huggingface/text-generation-inference", "apache/tvm",
         "alpa-projects/alpa", "sgl-project/sglang", "kubeflow/training-operator")
BLOGS = ("How we scaled {n} to ten thousand GPUs", "A gentle introduction to {n}",
         "Why {n} matters for {o}", "Lessons from running {n} in production",
         "{n} explained: a visual guide")
COURSES = ("CS 294: AI for Systems and Systems for AI (UC Berkeley, Fall 2023)",
           "CMU 15-849: Machine Learning Systems", "MIT 6.5940: TinyML and Efficient Deep Learning",
           "Stanford CS 329S: Machine Learning Systems Design")
PEOPLE = (("Ion Stoica", "https://people.eecs.berkeley.edu/~istoica/", "UC Berkeley"),
          ("Matei Zaharia", "https://cs.stanford.edu/~matei/", "Stanford"),
          ("Tianqi Chen", "https://tqchen.com/", "CMU"))
BOOKS = ("Designing Data-Intensive Applications (O'Reilly, 2017)",
         "Deep Learning, by Ian Goodfellow, Yoshua Bengio and Aaron Courville (MIT Press)",
         "Computer Architecture: A Quantitative Approach, 6th edition")
SENTENCES = (
    "This list collects papers on {n} and {o}.",
    "We mark the ones we discussed in the reading group with a star.",
    "Pull requests are welcome; please keep the list sorted by year.",
    "The {o} community has produced many systems over the last five years.",
    "Most of these papers appeared at systems venues such as OSDI, SOSP and NSDI.",
    "In this paper we present a new approach to {n} that improves throughput by 2.3x.",
    "Our evaluation on production traces shows that it reduces latency by up to 40%.",
)
LICENCE = (
    "## License",
    "",
    "[![CC0](https://licensebuttons.net/p/zero/1.0/88x31.png)](https://creativecommons.org/publicdomain/zero/1.0/)",
    "",
    "To the extent possible under law, the authors have waived all copyright and related or",
    "neighboring rights to this work.",
)
TOPICS = ("Training", "Serving", "Scheduling", "Compilers", "Storage", "Networking",
          "Survey Papers", "Benchmarks", "Inference Optimization", "Systems for LLMs")


def sentence(rng: random.Random) -> str:
    return rng.choice(SENTENCES).format(n=rng.choice(NOUN).lower(), o=rng.choice(OBJ).lower())


def noise_item(rng: random.Random) -> tuple[str, str]:
    """One list item's text that is not a paper, and what it is."""
    what = rng.choice(("tool", "code-slides", "blog", "course", "person", "book", "toc", "topic"))
    name = rng.choice(SYSTEM_NAMES)
    if what == "tool":
        repo = rng.choice(TOOLS)
        return f"[{repo.split('/')[1]}](https://github.com/{repo}) - {sentence(rng)}", what
    if what == "code-slides":
        return (f"[[Code]](https://github.com/{rng.choice(TOOLS)}) "
                f"[[Slides]](https://example.org/slides/{name.lower()}.pdf)"), what
    if what == "blog":
        title = rng.choice(BLOGS).format(n=name, o=rng.choice(OBJ).lower())
        return f"[{title}](https://medium.com/@{name.lower()}/{name.lower()}-post-1a2b)", what
    if what == "course":
        return rng.choice(COURSES), what
    if what == "person":
        who, url, where = rng.choice(PEOPLE)
        return f"[{who}]({url}) ({where})", what
    if what == "book":
        return rng.choice(BOOKS), what
    if what == "toc":
        topic = rng.choice(TOPICS)
        return f"[{topic}](#{topic.lower().replace(' ', '-')})", what
    return f"{rng.choice(TOPICS)}:", what


def noise_block(rng: random.Random) -> tuple[list[str], str]:
    """A block of lines between sections that holds no paper, and what it is."""
    what = rng.choice(("prose", "abstract", "toc", "licence", "heading", "badges", "html"))
    if what == "prose":
        return [" ".join(sentence(rng) for _ in range(rng.randrange(1, 4)))], what
    if what == "abstract":
        lines = [f"> {sentence(rng)}" for _ in range(rng.randrange(2, 4))]
        return ["**Abstract.**", *lines], what
    if what == "toc":
        topics = rng.sample(TOPICS, 4)
        return [f"- [{t}](#{t.lower().replace(' ', '-')})" for t in topics], what
    if what == "licence":
        return list(LICENCE), what
    if what == "badges":
        return ["[![Awesome](https://awesome.re/badge.svg)](https://awesome.re) "
                "![stars](https://img.shields.io/github/stars/x/y?style=social)"], what
    if what == "html":
        return ['<p align="center">', '  <img src="assets/logo.png" width="240" alt="logo">',
                "</p>", "", "<details><summary>Contents</summary>", "",
                *(f"- [{t}](#{t.lower().replace(' ', '-')})" for t in rng.sample(TOPICS, 3)),
                "", "</details>"], what
    return [f"## {rng.choice(TOPICS)}"], what

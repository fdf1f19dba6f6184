"""Labelled reading lists, generated: every entry knows its title, venue and year.

``generate(seed, entries)`` (:mod:`~tests.listgen.corpus`) gives list files and gold rows in
the shape of ``../shared/lists/gold/*.tsv``; :func:`~tests.listgen.score.score` judges parsed
rows against them by the same rules, per style, layout and markup variant. One module a step:

- :mod:`~tests.listgen.records`: titles, authors, venues, years, pages, DOIs, arXiv ids;
- :mod:`~tests.listgen.pool`: the committed CSL renderings (``pool.json.gz``, rebuilt by
  :mod:`~tests.listgen.build_pool` from the CSL project's styles, https://citationstyles.org/,
  in ``../shared/csl-styles``);
- :mod:`~tests.listgen.forms`: the forms CSL lacks and the title's markup variants;
- :mod:`~tests.listgen.layouts` (whole references) and :mod:`~tests.listgen.fields` (fields
  spread over the structure): how entries sit in a list;
- :mod:`~tests.listgen.noise`: what is not an entry; :mod:`~tests.listgen.doc`: lines + gold;
- :mod:`~tests.listgen.run`: the parser or the ingest stage on a corpus;
  :mod:`~tests.listgen.report`: tables and failures; :mod:`~tests.listgen.floors`: the
  per-style and per-layout samples of ``tests/test_listgen.py``.

Used by ``tests/test_listgen.py`` and ``bench/lists.py``; docs/parsing.md ("Measuring").
"""

"""The four stages, each a restartable job reading the previous stage's file in ``OUT/stage/``:
:mod:`~enrich.stages.ingest`, :mod:`~enrich.stages.resolve`, :mod:`~enrich.stages.fetch`,
:mod:`~enrich.stages.snapshot`; :mod:`~enrich.stages.files` reads and writes the stage files."""

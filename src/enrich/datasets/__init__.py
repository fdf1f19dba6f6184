"""S2's bulk datasets: a local Parquet store of a release (``enrich datasets import``), read by
``enrich run --source datasets`` (:mod:`.lookup`) and fetched by ``enrich datasets download``
(:mod:`.download`). Layout: ``docs/datasets.md``; the read side: ``docs/datasets-source.md``."""

"""The S2 bulk datasets as a local store: import and update (``importer``, ``update``), the
layout both sides agree on (``layout``, ``key``), and the look-ups that read it."""

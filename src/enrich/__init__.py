"""enrich: turn messy paper reading lists into an analyst-ready, citation-aware Parquet dataset."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("enrich")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]

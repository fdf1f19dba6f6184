"""Pipeline job: `enrich snapshot` (see the README for options and exit codes)."""

import sys

from enrich.cli import main

if __name__ == "__main__":
    sys.exit(main(["snapshot", *sys.argv[1:]]))

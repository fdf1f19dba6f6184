"""Pipeline job: `enrich report` (see the README for options and exit codes)."""

import sys

from enrich.cli import main

if __name__ == "__main__":
    sys.exit(main(["report", *sys.argv[1:]]))

"""Pipeline job: `enrich status` (see the README for options and exit codes)."""

import sys

from enrich.cli import main

if __name__ == "__main__":
    sys.exit(main(["status", *sys.argv[1:]]))

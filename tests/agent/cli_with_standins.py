"""Run `hookline` in this process with the stand-in areas installed (for cross-process CLI tests of approvals)."""

import sys

from tests.agent import standins

if __name__ == "__main__":
    standins.install()
    from integrations.cli.app import main

    main(sys.argv[1:])

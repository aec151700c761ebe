"""`python -m shopscribe.cli`: the same command line as the `shopscribe` script."""

from shopscribe.cli import main

main()

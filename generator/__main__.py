"""`python -m generator` runs the clientgen command line."""

from ._quick import main

main()

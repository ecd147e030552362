#!/bin/sh
# run.sh - the layout of src/ as a make check suite (layering.py says
# what it checks and prints the PASS and FAIL lines).
exec python3 "$(dirname "$0")/layering.py"

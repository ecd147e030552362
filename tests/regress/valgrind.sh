#!/bin/sh
# valgrind.sh [CASE...] - every regress case again with the driver under
# valgrind (memcheck with the leak check); run.sh --valgrind, as a name of
# its own for CHECK_EXTRA.
set -u
exec sh "$(dirname "$0")/run.sh" --valgrind "$@"

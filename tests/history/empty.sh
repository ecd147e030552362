#!/bin/sh
# empty.sh DIR - a repository without commits and one untracked record.
. "$(dirname "$0")/lib.sh"
g init -q .
record incidents/INC-1.md INC-1 open

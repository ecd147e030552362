#!/bin/sh
# trailers.sh DIR - commits outside the records that name incidents by
# trailer (one, two, a comma list, a lower-case key) or in the subject,
# and ones that name unknown ids or only look alike.
. "$(dirname "$0")/lib.sh"
g init -q .
record incidents/INC-1.md INC-1 open
record incidents/INC-2.md INC-2 open
record incidents/INC-3.md INC-3 open
commit "2024-07-01 10:00:00 +0000" -m "Open three"
n=0
# note DATE MESSAGE-LINES...: change the runbook with this message.
note() {
	d=$1
	shift
	n=$((n + 1))
	text runbook.txt "step $n"
	printf '%s\n' "$@" >../msg
	commit "$d" -F ../msg
}
note "2024-07-02 10:00:00 +0000" "Update runbook" "" "Incident: INC-1"
note "2024-07-03 10:00:00 +0000" "Tune alerts" "" "More words here." "" \
    "Incident: INC-2" "Incident: INC-1"
note "2024-07-04 10:00:00 +0000" "Scale pool" "" "Incident: INC-3, INC-2"
note "2024-07-05 10:00:00 +0000" "Follow-up for INC-3: add an alert"
note "2024-07-06 10:00:00 +0000" "Fix INC-2."
note "2024-07-07 10:00:00 +0000" "About INC-99, INC-10 and xINC-1" "" \
    "Incident: INC-99"
note "2024-07-08 10:00:00 +0000" "Lower-case key" "" "incident: INC-3"
note "2024-07-09 10:00:00 +0000" "Not a trailer" "" "Incident: INC-1 is" \
    "mentioned in prose, not a trailer block"

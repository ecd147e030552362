#!/bin/sh
# xss-repo.sh DIR - make a repository whose every field that can reach a
# page holds markup, event handlers and script URLs: aftermath.yaml, the
# front matter, the body, commit messages and author names. Dates are
# fixed, so the site is the same on every run. Used by xss.sh.
set -eu
dir=$1
mkdir -p "$dir/incidents/2024"
cd "$dir"

# P is the payload: every way out of text, an attribute or a title.
P='<script>alert(1)</script>\"><img src=x onerror=alert(2)>'"'"'><xss-a onmouseover=alert(3)>x</xss-a></title></textarea></style><!--<xss-c>-->'

cat >aftermath.yaml <<EOF
title: "Archive $P"
base_url: "https://incidents.example.com/\"><script>alert(4)</script>/"
ticket_url: "https://tracker.example/{ticket}?$P"
timezone: UTC
severities:
  - name: "SEV1$P"
    description: "Critical $P"
  - name: SEV2
    description: "Major $P"
services:
  "checkout$P":
    description: "Checkout $P"
    rto: 30m
check:
  placeholders: ["TODO$P"]
EOF

cat >incidents/2024/2024-001.md <<EOF
---
id: 2024-001
title: "Title $P"
severity: "SEV1$P"
status: "closed$P"
type: "unplanned$P"
services: ["checkout$P", "../../../evil", "a/b", "..", "<xss-s>"]
tags: ["tag$P", "../../etc", "/abs", "x\\\\y", "<xss-t>"]
roles:
  commander: "Ana $P"
  "role$P": ["Bo $P", "Cy"]
links:
  "chat$P": "javascript:alert(5)"
  upper: "JaVaScRiPt:alert(6)"
  space: " javascript:alert(7)"
  tab: "java\\tscript:alert(8)"
  newline: "java\\nscript:alert(9)"
  data: "data:text/html;base64,PHNjcmlwdD5hbGVydCgxMCk8L3NjcmlwdD4="
  vb: "vbscript:msgbox(11)"
  proto: "//evil.example/x"
  slashtab: "/\\t/evil.example/x"
  backslash: "\\\\\\\\evil.example"
  fine: "https://ok.example/$P"
started: 2024-03-01T09:00:00Z
detected: 2024-03-01T09:05:00Z
recovered: 2024-03-01T10:00:00Z
reviewed: 2024-03-05
summary: "Summary $P"
customer_impact: true
responder_hours: 3
---

## Summary $P

Text $P and [a link](javascript:alert(12)), [upper](JAVASCRIPT:alert(13)),
[entity](&#106;avascript:alert(14)), [colon](javascript&colon;alert(15)),
[tab](java&#9;script:alert(16)), [slash](/&#9;/evil.example),
[proto](//evil.example), [data](data:text/html,<script>alert(17)</script>),
[vb](vbscript:msgbox(18)), [ref][r], <javascript:alert(19)>,
![img](javascript:alert(20)) ![img2](data:image/svg+xml,<svg/onload=alert(21)>)
[titled](https://ok.example/ "a\" onmouseover=\"alert(22)") and
[ok](https://ok.example/?q=<xss-q>) www.example.com/<xss-w>

[r]: javascript:alert(23)

<div onclick="alert(24)"><xss-div>raw block</xss-div></div>

<script>alert(25)</script>

<iframe src="javascript:alert(26)"></iframe>

Inline <xss-inline onclick=alert(27)>raw</xss-inline> and <img src=x onerror=alert(28)>.

\`\`\`<script>alert(29)</script>
code $P
\`\`\`

Footnote[^x$P].

[^x$P]: Note $P

## Impact

Customers $P.

## Timeline

- 2024-03-01 09:00 UTC — Start $P
- 09:05 — [Alert](javascript:alert(30)) $P
- 25:99 — bad time $P

| Time (UTC) | Event |
|---|---|
| 2024-03-01 09:30 | Table event $P |

## Action items

| Action | Owner | Ticket | Priority | Due | Status |
|---|---|---|---|---|---|
| Fix $P | Bo $P | OPS-1$P | P1$P | 2024-04-01 | open$P |
| [Link](javascript:alert(31)) | @x | "><xss-ticket> | P2 | soon$P | done |
| =HYPERLINK("https://evil.example/","csv") | +cmd | -2+3 | @SUM(1) | 2024-04-01 | open |

- [ ] Task $P @bo$P OPS-2 P1 due 2024-05-01
- [x] Done $P

## $P

### <xss-h3 onclick=alert(32)>
EOF

cat >incidents/2024/2024-002.md <<EOF
---
id: 2024-002
title: "Second $P"
severity: SEV2
status: recovered
services: [checkout]
tags: ["tag$P"]
started: 2024-04-01T09:00:00Z
recovered: 2024-04-01T10:00:00Z
---

## Summary

Plain.
EOF

export GIT_CONFIG_NOSYSTEM=1 HOME=/nonexistent
commit() { # commit DATE AUTHOR EMAIL MESSAGE
	GIT_AUTHOR_DATE="$1" GIT_COMMITTER_DATE="$1" \
	GIT_AUTHOR_NAME="$2" GIT_AUTHOR_EMAIL="$3" \
	GIT_COMMITTER_NAME="$2" GIT_COMMITTER_EMAIL="$3" \
	    git commit -q --allow-empty -m "$4"
}
git init -q -b main .
git add aftermath.yaml incidents/2024/2024-002.md
commit "2024-03-01T09:01:00Z" 'Eve" onmouseover="alert(40)' 'eve@"><xss-mail>.example' \
    "Declare 2024-002: <script>alert(41)</script>"
git add incidents/2024/2024-001.md
commit "2024-03-01T09:10:00Z" "Mal' onfocus='alert(46)' &amp; co" "m@example.com" \
    "2024-001: status $P

Body <xss-body onclick=alert(42)>

Incident: 2024-001"
commit "2024-03-02T09:00:00Z" "Trudy" "t@example.com" \
    "Fix for 2024-001 <xss-related> javascript:alert(43)

Incident: 2024-001"
sed -i 's/^status: .*/status: "closed<xss-status2>"/' incidents/2024/2024-001.md
git add incidents/2024/2024-001.md
commit "2024-03-05T09:00:00Z" "Ana &lt;xss-a2&gt; javascript:alert(47)" "a@example.com" \
    "2024-001: closed <b onmouseover=alert(44)>"

# SARIF output of aftermath check (--format sarif, src/cmd/sarif.c).
#
#   make DOCS_URL=https://host/path/docs/   gives each rule a helpUri
#                                           (rules.md#RULE)
#
# The SARIF suite of make check validates the logs against the SARIF
# 2.1.0 schema with Node.js and the packages of tests/browser (whose
# mk/browser.mk installs nodejs and npm).
ifneq ($(DOCS_URL),)
ALLCFLAGS += -DAM_DOCS_URL='"$(DOCS_URL)"'
endif
CHECK_EXTRA += tests/sarif/run.sh

.PHONY: sarif-check

sarif-check: aftermath
	@sh tests/sarif/run.sh

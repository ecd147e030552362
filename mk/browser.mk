# Browser checks of the generated site (issue #9): the Nu HTML checker on
# every page, then headless Chromium with Playwright and axe-core.
#
#   make browser-check   the browser suite alone (also part of make check)
#   make screenshots     build/screenshots/TYPE-desktop.png and TYPE-phone.png
#
# Debian's chromium, never a browser download. Node.js and npm come with
# the machine's nodejs package (NodeSource's ships npm and conflicts with
# Debian's npm package), so npm is asked for only where it is missing.
DEB_PKGS += chromium chromium-driver default-jre-headless nodejs \
	    $(if $(shell command -v npm 2>/dev/null),,npm)
CHECK_EXTRA += tests/browser/run.sh

.PHONY: browser-check screenshots

browser-check: deps aftermath
	@sh tests/browser/run.sh

screenshots: deps aftermath
	@sh tests/browser/run.sh --screenshots

#!/bin/sh
# npm-ci.sh - install the packages of tests/browser/package-lock.json into
# tests/browser/node_modules, for the browser suite and the SARIF suite.
# Runs npm ci only when the lock changed since the last install, so the
# suites run offline once the packages are there. --ignore-scripts:
# vnu-jar's postinstall would download a Java runtime; the jar itself is
# in the package. Prints npm's output and exits 1 when it fails.
set -u
cd "$(dirname "$0")" || exit 1
if cmp -s package-lock.json node_modules/.installed-lock.json 2>/dev/null; then
	exit 0
fi
npm ci --ignore-scripts --no-audit --no-fund --prefer-offline 2>&1 &&
	cp package-lock.json node_modules/.installed-lock.json

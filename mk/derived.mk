# derived.mk - every derived time of the sample archive, a bench corpus
# and the scripted test repositories, walked against git (#16):
# tests/derived/run.sh, part of make check.
CHECK_EXTRA += tests/derived/run.sh

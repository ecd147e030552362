# Regress suites in the style of lowdown (tests/regress/README): an input
# file next to its expected output for the markdown renderer, the
# template engine and the charts, compared with diff -u.
#
#   make regress           run every case (and under valgrind: make check)
#   make regress-rebuild   rewrite the expected files after a deliberate
#                          change; review the diff before committing it
#
# tests/regress/run.sh builds the driver itself (make check runs the
# CHECK_EXTRA scripts after building only the binaries and unit tests).
DEB_PKGS += valgrind
CHECK_EXTRA += tests/regress/run.sh tests/regress/valgrind.sh

.PHONY: regress regress-rebuild

# the driver links the library objects as the unit tests do
$(B)/regress: tests/regress/regress.c $(LIB_OBJS) | $(B)
	@echo "  CCLD    $@"
	@$(CC) $(ALLCFLAGS) $(LDSAN) -o $@ $< $(LIB_OBJS) $(DEPLIBS)

regress:
	@sh tests/regress/run.sh

regress-rebuild:
	@sh tests/regress/run.sh --rebuild

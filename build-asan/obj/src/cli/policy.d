build-asan/obj/src/cli/policy.o: src/cli/policy.c src/cli/cli.h \
 src/config.h src/db/db.h src/eligibility.h src/web/i18n.h src/util/buf.h
src/cli/cli.h:
src/config.h:
src/db/db.h:
src/eligibility.h:
src/web/i18n.h:
src/util/buf.h:

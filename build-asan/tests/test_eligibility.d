build-asan/tests/test_eligibility: tests/unit/test_eligibility.c \
 src/db/db.h src/eligibility.h src/web/i18n.h src/util/arena.h \
 src/util/buf.h src/web/i18n.h
src/db/db.h:
src/eligibility.h:
src/web/i18n.h:
src/util/arena.h:
src/util/buf.h:
src/web/i18n.h:

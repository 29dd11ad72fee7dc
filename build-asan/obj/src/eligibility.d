build-asan/obj/src/eligibility.o: src/eligibility.c src/eligibility.h \
 src/web/i18n.h src/db/db.h src/util/arena.h src/util/buf.h \
 src/util/timeutil.h
src/eligibility.h:
src/web/i18n.h:
src/db/db.h:
src/util/arena.h:
src/util/buf.h:
src/util/timeutil.h:

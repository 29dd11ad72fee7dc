build-asan/obj/src/audit.o: src/audit.c src/audit.h src/web/http.h \
 src/util/arena.h src/util/buf.h src/web/i18n.h src/db/db.h \
 src/util/timeutil.h
src/audit.h:
src/web/http.h:
src/util/arena.h:
src/util/buf.h:
src/web/i18n.h:
src/db/db.h:
src/util/timeutil.h:

build-asan/obj/src/web/session.o: src/web/session.c src/web/session.h \
 src/web/http.h src/util/arena.h src/util/buf.h src/web/i18n.h \
 src/db/db.h src/settings.h src/util/timeutil.h
src/web/session.h:
src/web/http.h:
src/util/arena.h:
src/util/buf.h:
src/web/i18n.h:
src/db/db.h:
src/settings.h:
src/util/timeutil.h:

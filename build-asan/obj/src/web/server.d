build-asan/obj/src/web/server.o: src/web/server.c src/web/server.h \
 src/config.h build/gen/embedded.h src/util/timeutil.h src/web/html.h \
 src/util/buf.h src/web/layout.h src/web/http.h src/util/arena.h \
 src/web/i18n.h src/web/router.h src/web/session.h
src/web/server.h:
src/config.h:
build/gen/embedded.h:
src/util/timeutil.h:
src/web/html.h:
src/util/buf.h:
src/web/layout.h:
src/web/http.h:
src/util/arena.h:
src/web/i18n.h:
src/web/router.h:
src/web/session.h:

build-asan/obj/src/pages/site.o: src/pages/site.c src/pages/site.h \
 src/web/http.h src/util/arena.h src/util/buf.h src/web/i18n.h \
 build/gen/embedded.h src/settings.h src/web/html.h src/web/layout.h \
 src/web/server.h
src/pages/site.h:
src/web/http.h:
src/util/arena.h:
src/util/buf.h:
src/web/i18n.h:
build/gen/embedded.h:
src/settings.h:
src/web/html.h:
src/web/layout.h:
src/web/server.h:

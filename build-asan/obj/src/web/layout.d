build-asan/obj/src/web/layout.o: src/web/layout.c src/web/layout.h \
 src/web/http.h src/util/arena.h src/util/buf.h src/web/i18n.h \
 build/gen/embedded.h src/settings.h src/web/html.h
src/web/layout.h:
src/web/http.h:
src/util/arena.h:
src/util/buf.h:
src/web/i18n.h:
build/gen/embedded.h:
src/settings.h:
src/web/html.h:

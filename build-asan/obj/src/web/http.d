build-asan/obj/src/web/http.o: src/web/http.c src/web/http.h \
 src/util/arena.h src/util/buf.h src/web/i18n.h src/config.h \
 src/web/html.h src/web/layout.h
src/web/http.h:
src/util/arena.h:
src/util/buf.h:
src/web/i18n.h:
src/config.h:
src/web/html.h:
src/web/layout.h:

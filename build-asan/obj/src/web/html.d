build-asan/obj/src/web/html.o: src/web/html.c src/web/html.h \
 src/util/buf.h src/web/http.h src/util/arena.h src/web/i18n.h
src/web/html.h:
src/util/buf.h:
src/web/http.h:
src/util/arena.h:
src/web/i18n.h:

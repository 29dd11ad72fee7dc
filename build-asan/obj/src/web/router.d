build-asan/obj/src/web/router.o: src/web/router.c src/web/router.h \
 src/web/http.h src/util/arena.h src/util/buf.h src/web/i18n.h
src/web/router.h:
src/web/http.h:
src/util/arena.h:
src/util/buf.h:
src/web/i18n.h:

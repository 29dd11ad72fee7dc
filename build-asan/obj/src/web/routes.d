build-asan/obj/src/web/routes.o: src/web/routes.c src/web/router.h \
 src/web/http.h src/util/arena.h src/util/buf.h src/web/i18n.h \
 src/pages/site.h
src/web/router.h:
src/web/http.h:
src/util/arena.h:
src/util/buf.h:
src/web/i18n.h:
src/pages/site.h:

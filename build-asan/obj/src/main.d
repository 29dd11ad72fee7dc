build-asan/obj/src/main.o: src/main.c src/cli/cli.h src/config.h \
 src/web/http.h src/util/arena.h src/util/buf.h src/web/i18n.h
src/cli/cli.h:
src/config.h:
src/web/http.h:
src/util/arena.h:
src/util/buf.h:
src/web/i18n.h:

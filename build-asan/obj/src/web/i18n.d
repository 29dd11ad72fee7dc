build-asan/obj/src/web/i18n.o: src/web/i18n.c src/web/i18n.h \
 build/gen/embedded.h src/util/arena.h
src/web/i18n.h:
build/gen/embedded.h:
src/util/arena.h:

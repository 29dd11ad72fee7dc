build-asan/obj/src/geo.o: src/geo.c src/geo.h src/db/db.h \
 build/gen/embedded.h src/util/arena.h src/util/csvread.h
src/geo.h:
src/db/db.h:
build/gen/embedded.h:
src/util/arena.h:
src/util/csvread.h:

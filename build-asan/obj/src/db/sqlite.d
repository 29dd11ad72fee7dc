build-asan/obj/src/db/sqlite.o: src/db/sqlite.c src/db/db.h \
 src/util/arena.h
src/db/db.h:
src/util/arena.h:

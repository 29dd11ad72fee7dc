build-asan/obj/src/settings.o: src/settings.c src/settings.h src/db/db.h \
 src/util/arena.h src/util/timeutil.h
src/settings.h:
src/db/db.h:
src/util/arena.h:
src/util/timeutil.h:

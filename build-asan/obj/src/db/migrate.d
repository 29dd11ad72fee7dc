build-asan/obj/src/db/migrate.o: src/db/migrate.c src/db/db.h \
 build/gen/embedded.h src/util/timeutil.h
src/db/db.h:
build/gen/embedded.h:
src/util/timeutil.h:

build-asan/obj/src/cli/migrate.o: src/cli/migrate.c src/cli/cli.h \
 src/config.h src/db/db.h src/geo.h src/seed.h
src/cli/cli.h:
src/config.h:
src/db/db.h:
src/geo.h:
src/seed.h:

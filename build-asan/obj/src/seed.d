build-asan/obj/src/seed.o: src/seed.c src/seed.h src/db/db.h
src/seed.h:
src/db/db.h:

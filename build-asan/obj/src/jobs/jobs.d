build-asan/obj/src/jobs/jobs.o: src/jobs/jobs.c src/jobs/jobs.h \
 src/db/db.h
src/jobs/jobs.h:
src/db/db.h:

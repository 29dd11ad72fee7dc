build-asan/obj/src/cli/serve.o: src/cli/serve.c src/cli/cli.h \
 src/config.h src/db/db.h src/jobs/jobs.h src/web/server.h \
 src/web/session.h src/web/http.h src/util/arena.h src/util/buf.h \
 src/web/i18n.h
src/cli/cli.h:
src/config.h:
src/db/db.h:
src/jobs/jobs.h:
src/web/server.h:
src/web/session.h:
src/web/http.h:
src/util/arena.h:
src/util/buf.h:
src/web/i18n.h:

#include "learner.h"
#include "db/db.h"
#include "i18n/i18n.h"
#include "learner_internal.h"
#define COLS "id, name"
void f(struct db *db);
void f(struct db *db)
{
	db_prepare(db, "SELECT " COLS " FROM learners");
}

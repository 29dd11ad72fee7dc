#define COLS "id, name"
#define ORDER order_by
void f(struct db *db, const char *order_by, int i);
void f(struct db *db, const char *order_by, int i)
{
	db_prepare(db, "SELECT " COLS " FROM learners");
	db_prepare(db, "SELECT " COLS " FROM learners ORDER BY " ORDER);
	db_exec(db, order_by);
	db_prepare(db, by_sort[i]);
	db_prepare(db, by_name[i]);
}
static const char *const by_sort[2] = { "SELECT " COLS " FROM learners", [1] = "SELECT id FROM learners" };
static const char *const by_name[2] = { "SELECT " COLS " FROM learners", ORDER };

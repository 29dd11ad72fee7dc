#define COLS "id, name"
#define ORDER order_by
void f(struct db *db, const char *order_by);
void f(struct db *db, const char *order_by)
{
	db_prepare(db, "SELECT " COLS " FROM learners");
	db_prepare(db, "SELECT " COLS " FROM learners ORDER BY " ORDER);
	db_exec(db, order_by);
}

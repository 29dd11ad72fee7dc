struct stmt;
const char *stmt_text(struct stmt *st, int col);
struct enrollment {
	const char *course_url, *titles[2];
};

static const char *course_url(struct stmt *st)
{
	return stmt_text(st, 7);
}

static void enrollment_read(struct stmt *st, struct enrollment *e)
{
	e->course_url = stmt_text(st, 7);
	e->titles[1] = stmt_text(st, 4);
}

static int is_es(struct stmt *st)
{
	const char *lang = stmt_text(st, 2); /* used on the spot: fine */
	return lang[0] == 'e' && lang[1] == 's';
}

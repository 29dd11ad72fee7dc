void g(struct resp *w, struct buf *b, const char *s);
void g(struct resp *w, struct buf *b, const char *s)
{
	html(w, TITLE);
	html_vbuf(b, s, 0);
}

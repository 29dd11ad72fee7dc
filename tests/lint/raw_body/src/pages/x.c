void page_x(struct req *r, struct resp *w);
void page_x(struct req *r, struct resp *w)
{
	w->content_type = "text/html; charset=utf-8";
	copy_markup(&w->body, req_query(r, "q"));
}

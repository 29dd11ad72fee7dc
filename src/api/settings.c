/* settings.c - GET and PUT /api/v1/settings, for state admins (api/learners.h).
 *
 * GET answers every program setting (numbers as numbers, auto_approve as a boolean), the
 * license term's end, the seats in use and the eligibility policy in force. PUT takes any
 * of the same keys: the program settings change together or not at all; license_term_end
 * renews the program (program_term_extend); "policy": {key: value} writes a new policy
 * version per changed key. Every value is checked before anything is written. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/learners.h"
#include "eligibility.h"
#include "program.h"
#include "settings.h"
#include "util/timeutil.h"
#include "web/layout.h"

static json_t *settings_json(struct req *r)
{
	json_t *o = json_object(), *pol;
	struct program_seats seats;
	struct elig_policy p;
	size_t i;

	json_object_set_new(o, "license_term_end",
			    json_string(settings_get(r->arena, "license_term_end")));
	for (i = 0; i < program_settings_count; i++) {
		const struct program_setting *s = &program_settings[i];
		const char *v = settings_get(r->arena, s->key);
		if (!strcmp(s->key, "auto_approve"))
			json_object_set_new(o, s->key, json_boolean(v && !strcmp(v, "1")));
		else if (s->is_int)
			json_object_set_new(o, s->key, json_integer(v ? strtoll(v, NULL, 10) : 0));
		else
			json_object_set_new(o, s->key, json_string(v ? v : ""));
	}
	program_seats(&seats);
	json_object_set_new(
		o, "seats",
		json_pack("{s:{s:I, s:I, s:I}, s:{s:I, s:I, s:I}}", "en", "capacity",
			  (json_int_t)seats.en_capacity, "active", (json_int_t)seats.en_used,
			  "waitlisted", (json_int_t)seats.en_waiting, "es", "capacity",
			  (json_int_t)seats.es_capacity, "active", (json_int_t)seats.es_used,
			  "waitlisted", (json_int_t)seats.es_waiting));
	{
		struct seat_forecast fc[2];
		json_t *arr = json_array();
		if (program_forecast(fc) == 0)
			for (i = 0; i < 2; i++)
				json_array_append_new(
					arr,
					json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:f, s:s, s:o}",
						  "program", fc[i].program, "capacity",
						  (json_int_t)fc[i].capacity, "active",
						  (json_int_t)fc[i].active, "waitlisted",
						  (json_int_t)fc[i].waiting, "activated_28d",
						  (json_int_t)fc[i].activated, "ended_28d",
						  (json_int_t)fc[i].ended, "net_per_day",
						  fc[i].per_day, "state", fc[i].state, "runs_out",
						  fc[i].runs_out[0] ? json_string(fc[i].runs_out)
								    : json_null()));
		json_object_set_new(o, "seat_forecast", arr);
	}
	pol = json_object();
	if (policy_load(&p) == 0) {
		json_object_set_new(pol, "version", json_integer(p.version));
		json_object_set_new(pol, "created_at", json_string(p.created_at));
		json_object_set_new(pol, "created_by", json_string(p.created_by));
		for (i = 0; i < policy_settings_count; i++)
			json_object_set_new(pol, policy_settings[i].key,
					    json_integer(policy_value(&p, &policy_settings[i])));
	}
	json_object_set_new(o, "policy", pol);
	return o;
}

int api_settings_get(struct req *r, struct resp *w)
{
	return resp_json(r, w, 200, settings_json(r));
}

/* A JSON value as the text a setting takes; NULL when it cannot be one. */
static const char *as_text(struct req *r, json_t *v)
{
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v))
		return arena_printf(r->arena, "%lld", (long long)json_integer_value(v));
	if (json_is_boolean(v))
		return json_is_true(v) ? "1" : "0";
	return NULL;
}

static int invalid(struct req *r, struct resp *w, const char *key, const char *msg)
{
	return resp_api_error(r, w, 422, "invalid", "A setting is not valid.",
			      json_pack("{s:s}", key, tr(LANG_EN, msg)));
}

int api_settings_put(struct req *r, struct resp *w)
{
	const char *keys[64], *values[64], *term = NULL, *key, *bad, *msg;
	json_t *v, *policy = NULL;
	size_t n = 0;
	int64_t licenses;

	if (!json_is_object(r->json))
		return invalid(r, w, "body", "Send a JSON object of settings.");
	json_object_foreach(r->json, key, v)
	{
		if (!strcmp(key, "policy")) {
			const char *pk;
			json_t *pv;
			if (!json_is_object(v))
				return invalid(r, w, "policy",
					       "Give the policy as an object of settings.");
			json_object_foreach(v, pk, pv)
			{
				const char *t = as_text(r, pv), *why;
				if (!t)
					return invalid(r, w, pk, "Give a number.");
				why = policy_check(pk, t);
				if (why)
					return invalid(r, w, pk, why);
			}
			policy = v;
		} else if (!strcmp(key, "license_term_end")) {
			if (!json_is_string(v))
				return invalid(r, w, key, "Give the date as \"YYYY-MM-DD\".");
			term = json_string_value(v);
		} else if (program_setting_find(key) && n < 64) {
			const char *t = as_text(r, v);
			if (!t)
				return invalid(r, w, key, "Give a number or a string.");
			keys[n] = key;
			values[n++] = t;
		} else {
			return invalid(r, w, key, "There is no such setting.");
		}
	}
	if (term && strcmp(term, settings_get(r->arena, "license_term_end"))) {
		/* check the date before anything is written */
		int64_t t;
		char today[11];
		if (strlen(term) != 10 || iso_parse(term, &t) != 0 ||
		    strcmp(term, date_today_ny(today)) <= 0 ||
		    strcmp(term, settings_get(r->arena, "license_term_end")) <= 0)
			return invalid(r, w, "license_term_end",
				       "A renewal extends the term: give a future date after the "
				       "current end date, as YYYY-MM-DD.");
	} else {
		term = NULL;
	}
	if (n) {
		switch (program_settings_set(r->who, keys, values, n, &bad, &msg)) {
		case PROGRAM_OK: break;
		case PROGRAM_EINVAL:
		case PROGRAM_EUNKNOWN: return invalid(r, w, bad, msg);
		case PROGRAM_EFORBIDDEN: return resp_error(r, w, 403, NULL);
		default: return resp_error(r, w, 503, NULL);
		}
	}
	if (term) {
		switch (program_term_extend(r->who, term, &licenses, &msg)) {
		case PROGRAM_OK: break;
		case PROGRAM_EINVAL: return invalid(r, w, "license_term_end", msg);
		case PROGRAM_EFORBIDDEN: return resp_error(r, w, 403, NULL);
		default: return resp_error(r, w, 503, NULL);
		}
	}
	if (policy) {
		const char *pk;
		json_t *pv;
		json_object_foreach(policy, pk, pv)
		{
			int rc = program_policy_set(r->who, pk, as_text(r, pv));
			if (rc == PROGRAM_EFORBIDDEN)
				return resp_error(r, w, 403, NULL);
			if (rc < 0)
				return resp_error(r, w, 503, NULL);
		}
	}
	return resp_json(r, w, 200, settings_json(r));
}

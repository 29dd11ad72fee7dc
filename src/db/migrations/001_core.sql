-- 001_core: settings, New York's regions / local areas / counties, staff, sessions, API
-- tokens and the audit log. Times are UTC ISO 8601 text ('2026-11-29T06:05:00Z').

CREATE TABLE settings (
	key TEXT PRIMARY KEY,
	value TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	updated_by TEXT
);

CREATE TABLE regions (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE,
	slug TEXT NOT NULL UNIQUE,
	industries TEXT NOT NULL DEFAULT '',
	description_en TEXT NOT NULL DEFAULT '',
	description_es TEXT NOT NULL DEFAULT ''
);

CREATE TABLE local_areas (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE,
	slug TEXT NOT NULL UNIQUE,
	region_id INTEGER NOT NULL REFERENCES regions(id)
);

-- A local area belongs to the region of most of its counties (region_id); two local areas
-- span two regions, so a person's region comes from their county (county_areas.region_id).
-- One row per county, or per part of a split county (Nassau, Westchester): `towns` lists the
-- towns and cities of that part ('' for a whole county), `rule` says it in words.
CREATE TABLE county_areas (
	id INTEGER PRIMARY KEY,
	county TEXT NOT NULL,
	fips TEXT NOT NULL,
	local_area_id INTEGER NOT NULL REFERENCES local_areas(id),
	region_id INTEGER NOT NULL REFERENCES regions(id),
	rule TEXT NOT NULL DEFAULT '',
	towns TEXT NOT NULL DEFAULT ''
);
CREATE INDEX county_areas_county ON county_areas(county);

CREATE TABLE staff (
	id INTEGER PRIMARY KEY,
	email TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL DEFAULT '',
	role TEXT NOT NULL CHECK (role IN ('state_admin', 'area_admin', 'area_viewer')),
	local_area_id INTEGER REFERENCES local_areas(id),
	password_hash TEXT,
	failed_logins INTEGER NOT NULL DEFAULT 0,
	locked_until TEXT,
	active INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL
);

CREATE TABLE api_tokens (
	id INTEGER PRIMARY KEY,
	staff_id INTEGER NOT NULL REFERENCES staff(id),
	token_hash TEXT NOT NULL UNIQUE,
	label TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	last_used_at TEXT,
	revoked INTEGER NOT NULL DEFAULT 0
);

-- Signed-in sessions. Only the hash of the cookie's token is kept. `role` is the principal's
-- kind: 'learner' (principal_id = learners.id) or a staff role (principal_id = staff.id).
CREATE TABLE sessions (
	id INTEGER PRIMARY KEY,
	token_hash TEXT NOT NULL UNIQUE,
	role TEXT NOT NULL,
	principal_id INTEGER NOT NULL,
	created_at TEXT NOT NULL,
	last_seen_at TEXT NOT NULL,
	expires_at TEXT NOT NULL
);
CREATE INDEX sessions_principal ON sessions(role, principal_id);

CREATE TABLE audit_log (
	id INTEGER PRIMARY KEY,
	at TEXT NOT NULL,
	actor_role TEXT NOT NULL,
	actor_id INTEGER,
	actor_email TEXT NOT NULL DEFAULT '',
	action TEXT NOT NULL,
	entity TEXT NOT NULL,
	entity_id TEXT NOT NULL DEFAULT '',
	local_area_id INTEGER,
	before_json TEXT,
	after_json TEXT
);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);
CREATE INDEX audit_log_at ON audit_log(at);

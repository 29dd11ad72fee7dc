-- 003_catalog: the provider's programs, their curation per region, and catalog imports.
-- Keys stored as text: kind ('course', 'specialization', 'professional-certificate',
-- 'guided-project'), level ('beginner', 'intermediate', 'advanced', 'mixed', '' = not
-- stated), language and subtitles (ISO 639-1 codes; subtitles comma-separated), duration
-- (the time-to-complete bucket derived from hours_max: 'under-2-hours', '1-4-weeks',
-- '1-3-months', '3-6-months', '6-months-plus', '' = not stated), industry (the keys of
-- regions.industries). The full-text index over these rows is kept by src/db/search.c.

CREATE TABLE programs (
	id INTEGER PRIMARY KEY,
	provider_id TEXT UNIQUE,
	slug TEXT NOT NULL UNIQUE,
	kind TEXT NOT NULL,
	title TEXT NOT NULL,
	partner TEXT NOT NULL DEFAULT '',
	description TEXT NOT NULL DEFAULT '',
	level TEXT NOT NULL DEFAULT '',
	language TEXT NOT NULL DEFAULT 'en',
	subtitles TEXT NOT NULL DEFAULT '',
	hours_min INTEGER NOT NULL DEFAULT 0,
	hours_max INTEGER NOT NULL DEFAULT 0,
	duration TEXT NOT NULL DEFAULT '',
	rating REAL,
	reviews INTEGER NOT NULL DEFAULT 0,
	-- skills separated by ';', syllabus modules one per line ("title|summary|hours")
	skills TEXT NOT NULL DEFAULT '',
	syllabus TEXT NOT NULL DEFAULT '',
	industry TEXT NOT NULL DEFAULT '',
	url TEXT NOT NULL DEFAULT '',
	-- ranking prior from rating, reviews and kind (0..1000000): search orders candidates
	-- by it and browse sorts "most popular" by it
	static_score INTEGER NOT NULL DEFAULT 0,
	active INTEGER NOT NULL DEFAULT 1,
	source TEXT NOT NULL DEFAULT 'seed',
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE INDEX programs_browse ON programs(active, industry, static_score);
CREATE INDEX programs_kind ON programs(active, kind, static_score);
CREATE INDEX programs_partner ON programs(partner);

-- The ranked list of programs curated for careers in each region ("in demand in your
-- region"), seeded from the region's industry weights and editable by state admins.
CREATE TABLE region_programs (
	region_id INTEGER NOT NULL REFERENCES regions(id),
	program_id INTEGER NOT NULL REFERENCES programs(id),
	rank INTEGER NOT NULL,
	industry TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (region_id, program_id)
);
CREATE INDEX region_programs_rank ON region_programs(region_id, rank);

-- One row per catalog import (CLI or API), with its counts, for the staff's history.
CREATE TABLE catalog_imports (
	id INTEGER PRIMARY KEY,
	at TEXT NOT NULL,
	actor TEXT NOT NULL DEFAULT '',
	file_name TEXT NOT NULL DEFAULT '',
	dry_run INTEGER NOT NULL DEFAULT 0,
	rows_read INTEGER NOT NULL DEFAULT 0,
	added INTEGER NOT NULL DEFAULT 0,
	updated INTEGER NOT NULL DEFAULT 0,
	unchanged INTEGER NOT NULL DEFAULT 0,
	skipped INTEGER NOT NULL DEFAULT 0,
	errors INTEGER NOT NULL DEFAULT 0,
	retired INTEGER NOT NULL DEFAULT 0
);

-- Bumped by every change to the catalog, so caches of it (facet attributes) know to reload.
CREATE TABLE catalog_state (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	generation INTEGER NOT NULL
);
INSERT INTO catalog_state (id, generation) VALUES (1, 0);

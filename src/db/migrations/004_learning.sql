-- 004_learning: learners' sign-in, their enrollments and what the provider reports about them.

-- ---- enrollments (src/enrollment.c, src/progress_import.c) ---------------------------------
-- One row per learner and program: where the enrollment stands now. state: enrolled, dropped,
-- completed. Progress (percent, 0-100), learning hours, last activity, completion, certificate
-- and grade (percent) come from the provider's usage report and only ever move forward: an
-- older report never lowers progress or un-completes anything. source says who created the
-- row: 'learner' (My learning, a program page), 'staff' (the API), 'import' (a usage report
-- showed an enrollment made at the provider).
CREATE TABLE enrollments (
	id INTEGER PRIMARY KEY,
	learner_id INTEGER NOT NULL REFERENCES learners(id),
	program_id INTEGER NOT NULL REFERENCES programs(id),
	state TEXT NOT NULL CHECK (state IN ('enrolled', 'dropped', 'completed')),
	progress REAL NOT NULL DEFAULT 0,
	learning_hours REAL NOT NULL DEFAULT 0,
	last_activity_at TEXT,
	completed_at TEXT,
	certificate_url TEXT NOT NULL DEFAULT '',
	grade REAL,
	provider_enrolled_at TEXT,
	enrolled_at TEXT NOT NULL,
	dropped_at TEXT,
	source TEXT NOT NULL DEFAULT 'learner',
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	UNIQUE (learner_id, program_id)
);
-- who is enrolled / has completed, across learners (staff filters and counts); a learner's
-- own enrollments use the unique index above
CREATE INDEX enrollments_state ON enrollments(state, learner_id);

-- Every attempt to enroll, drop or re-enroll, kept as history, whether it succeeded or not.
-- action: enroll, drop, reenroll. result: ok, or why it was refused (license_waitlisted,
-- license_removed, license_expired, already_enrolled, already_completed, not_enrolled,
-- no_program). program_slug keeps what was asked for when no program matched.
CREATE TABLE enrollment_events (
	id INTEGER PRIMARY KEY,
	learner_id INTEGER NOT NULL REFERENCES learners(id),
	program_id INTEGER REFERENCES programs(id),
	program_slug TEXT NOT NULL DEFAULT '',
	action TEXT NOT NULL,
	result TEXT NOT NULL,
	actor_role TEXT NOT NULL,
	actor_id INTEGER,
	at TEXT NOT NULL
);
CREATE INDEX enrollment_events_learner ON enrollment_events(learner_id, at);

-- ---- learner sign-in (src/login.c) ---------------------------------------------------------
-- A single-use sign-in link sent by e-mail. Only the hash of the link's token is kept; the
-- link works once (used_at) and until expires_at (15 minutes). next_path: where to go after.
CREATE TABLE login_tokens (
	id INTEGER PRIMARY KEY,
	token_hash TEXT NOT NULL UNIQUE,
	learner_id INTEGER NOT NULL REFERENCES learners(id),
	created_at TEXT NOT NULL,
	expires_at TEXT NOT NULL,
	used_at TEXT,
	next_path TEXT NOT NULL DEFAULT ''
);
CREATE INDEX login_tokens_learner ON login_tokens(learner_id);

-- Sign-in requests, for the rate limit: one row per request and per key ('ip:<address>' or
-- 'email:<hash of the address>'), whether the address is known or not. Rows older than a
-- day are deleted as new ones come in.
CREATE TABLE login_attempts (
	id INTEGER PRIMARY KEY,
	key TEXT NOT NULL,
	at TEXT NOT NULL
);
CREATE INDEX login_attempts_key ON login_attempts(key, at);

-- ---- provider report imports (src/progress_import.c) ----------------------------------------
-- One row per import of a usage report or a membership report (CLI or API), with its counts.
-- committed: 1 when its changes were kept; 0 for a dry run or a file refused for bad lines.
CREATE TABLE usage_imports (
	id INTEGER PRIMARY KEY,
	at TEXT NOT NULL,
	actor TEXT NOT NULL DEFAULT '',
	file_name TEXT NOT NULL DEFAULT '',
	dry_run INTEGER NOT NULL DEFAULT 0,
	partial INTEGER NOT NULL DEFAULT 0,
	committed INTEGER NOT NULL DEFAULT 0,
	rows_read INTEGER NOT NULL DEFAULT 0,
	applied INTEGER NOT NULL DEFAULT 0,
	unchanged INTEGER NOT NULL DEFAULT 0,
	errors INTEGER NOT NULL DEFAULT 0,
	created INTEGER NOT NULL DEFAULT 0,
	completed INTEGER NOT NULL DEFAULT 0,
	seconds REAL NOT NULL DEFAULT 0
);

CREATE TABLE membership_imports (
	id INTEGER PRIMARY KEY,
	at TEXT NOT NULL,
	actor TEXT NOT NULL DEFAULT '',
	file_name TEXT NOT NULL DEFAULT '',
	dry_run INTEGER NOT NULL DEFAULT 0,
	partial INTEGER NOT NULL DEFAULT 0,
	committed INTEGER NOT NULL DEFAULT 0,
	rows_read INTEGER NOT NULL DEFAULT 0,
	applied INTEGER NOT NULL DEFAULT 0,
	unchanged INTEGER NOT NULL DEFAULT 0,
	errors INTEGER NOT NULL DEFAULT 0,
	accepted INTEGER NOT NULL DEFAULT 0,
	seconds REAL NOT NULL DEFAULT 0
);

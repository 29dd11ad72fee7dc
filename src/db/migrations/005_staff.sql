-- 005_staff: the staff workspace. Staff accounts, sessions, API tokens and the audit log are in
-- 001_core; this adds what the staff's work records and the indexes their pages need.

-- Every sign-in attempt on the staff login, kept for the rate limit (failures per address in
-- a sliding window) and for the security record. The per-account lockout itself lives in
-- staff.failed_logins / staff.locked_until.
CREATE TABLE staff_login_attempts (
	id INTEGER PRIMARY KEY,
	at TEXT NOT NULL,
	addr TEXT NOT NULL,
	email TEXT NOT NULL,
	ok INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX staff_login_attempts_addr ON staff_login_attempts(addr, at);
CREATE INDEX staff_login_attempts_email ON staff_login_attempts(email, at);

-- A learner moved from one local area's program to another's. Enrollments and progress
-- belong to the learner, not to the area, so they carry over; this row is the record.
CREATE TABLE learner_transfers (
	id INTEGER PRIMARY KEY,
	learner_id INTEGER NOT NULL REFERENCES learners(id),
	at TEXT NOT NULL,
	from_area_id INTEGER REFERENCES local_areas(id),
	to_area_id INTEGER NOT NULL REFERENCES local_areas(id),
	actor TEXT NOT NULL,
	note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX learner_transfers_learner ON learner_transfers(learner_id);

-- The learner list (src/learner.c) pages by keyset in one of three orders (name, last
-- activity, date joined), within one local area or across all: each order has an index that
-- hands rows out already sorted, so a page costs the same at row 50 and at row 99,950. The
-- indexes also carry the columns the filters test (status, last activity, names), so rows
-- that do not match are skipped without reading the table. Names sort case-insensitively.
CREATE INDEX learners_name ON learners(lower(last_name), lower(first_name), id, license_status,
	last_activity_at);
CREATE INDEX learners_area_name ON learners(local_area_id, lower(last_name), lower(first_name),
	id, license_status, last_activity_at);
CREATE INDEX learners_activity ON learners(COALESCE(last_activity_at, ''), id, license_status,
	lower(last_name), lower(first_name));
CREATE INDEX learners_area_activity ON learners(local_area_id, COALESCE(last_activity_at, ''),
	id, license_status, lower(last_name), lower(first_name));
CREATE INDEX learners_joined ON learners(created_at, id, license_status, last_activity_at,
	lower(last_name), lower(first_name));
CREATE INDEX learners_area_joined ON learners(local_area_id, created_at, id, license_status,
	last_activity_at, lower(last_name), lower(first_name));
-- search by first name (last name and e-mail prefixes use the indexes above and the unique
-- index on email_norm)
CREATE INDEX learners_first ON learners(lower(first_name));
-- "has an active / a completed enrollment", asked per learner by the filters
CREATE INDEX enrollments_learner_state ON enrollments(learner_id, state);

-- The review queue: oldest first within a status, for one area or all; the language is in
-- the index so the language filter and the counts never read the table.
CREATE INDEX applications_area_queue ON applications(local_area_id, status, due_at, id, language);
CREATE INDEX applications_status_queue ON applications(status, due_at, id, language);

-- The audit page filters by who, what and which record, newest first.
CREATE INDEX audit_log_actor ON audit_log(actor_email, id);
CREATE INDEX audit_log_action ON audit_log(action, id);
CREATE INDEX audit_log_area ON audit_log(local_area_id, id);

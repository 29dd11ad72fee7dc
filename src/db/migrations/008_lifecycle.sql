-- 008_lifecycle: every path has a way forward (src/comeback.c, src/term.c, src/lookup.c,
-- src/digest.c).

-- A request is closed when the license it led to was removed or has expired: the person may
-- then ask again, and the new request takes over the same learner (enrollments and progress
-- belong to the learner). One person, one OPEN request: the unique index counts only requests
-- that are neither denied nor closed.
ALTER TABLE applications ADD COLUMN closed_at TEXT;
DROP INDEX applications_one_open_per_email;
CREATE UNIQUE INDEX applications_one_open_per_email ON applications(email_norm)
	WHERE status <> 'denied' AND closed_at IS NULL;
UPDATE applications SET closed_at = (SELECT COALESCE(l.removed_at, l.updated_at) FROM learners l
	WHERE l.application_id = applications.id)
	WHERE id IN (SELECT application_id FROM learners WHERE license_status IN ('removed',
		'expired'));

-- Notices before the license term ends: term_notice_for is the end date the last notice was
-- about, term_notice_days which one it was (30, then 7). A renewal moves the end date, so the
-- notices of the new term are sent again.
ALTER TABLE learners ADD COLUMN term_notice_for TEXT;
ALTER TABLE learners ADD COLUMN term_notice_days INTEGER;
CREATE INDEX learners_term_notice ON learners(license_status, term_notice_for);

-- "E-mail me my reference": one row per request, per key ('addr:<address>' or
-- 'email:<hash>'), for the rate limit; rows older than a day are deleted as new ones come.
CREATE TABLE reference_lookups (
	id INTEGER PRIMARY KEY,
	key TEXT NOT NULL,
	at TEXT NOT NULL
);
CREATE INDEX reference_lookups_key ON reference_lookups(key, at);

-- The daily digest of late and nearly late requests: one row per staff member and day
-- (America/New_York) it was sent, so nobody gets two in a day.
CREATE TABLE digests_sent (
	staff_id INTEGER NOT NULL REFERENCES staff(id),
	day TEXT NOT NULL,
	at TEXT NOT NULL,
	requests INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (staff_id, day)
);

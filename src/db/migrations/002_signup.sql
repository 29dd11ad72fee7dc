-- 002_signup: sign-up, eligibility and license activation.

-- ---- eligibility policy (src/eligibility.c) ------------------------------------------------
-- One row per version of the eligibility policy. A change never updates a row: it inserts the
-- next version (id = latest + 1), and every decision records the id it was made under, so a
-- past decision can always be explained by the rules of its day. The latest row is in force.
-- Settings are columns (typed, checked); a new setting is a new column with its default.
--   covid_related_required  1: an unemployed adult qualifies only when COVID-19 related
--   underemployed_eligible  1: the underemployed qualify
--   min_age                 youngest qualifying age, whole years on the day of the decision
--   at_risk_review          1: working at imminent risk without a layoff notice -> staff review
CREATE TABLE policy_versions (
	id INTEGER PRIMARY KEY,
	created_at TEXT NOT NULL,
	created_by TEXT NOT NULL,
	note TEXT NOT NULL DEFAULT '',
	covid_related_required INTEGER NOT NULL DEFAULT 0 CHECK (covid_related_required IN (0, 1)),
	underemployed_eligible INTEGER NOT NULL DEFAULT 0 CHECK (underemployed_eligible IN (0, 1)),
	min_age INTEGER NOT NULL DEFAULT 18 CHECK (min_age BETWEEN 14 AND 99),
	at_risk_review INTEGER NOT NULL DEFAULT 1 CHECK (at_risk_review IN (0, 1))
);

-- Version 1: the program FAQ's policy. Unemployed adults qualify whether or not the
-- unemployment is COVID-19 related (the FAQ's later answer), so do dislocated workers and
-- people with a layoff notice; working people (underemployed included), DOL staff, people
-- under 18 and people outside New York State do not; working at imminent risk without a
-- notice goes to staff review.
INSERT INTO policy_versions (id, created_at, created_by, note, covid_related_required,
	underemployed_eligible, min_age, at_risk_review)
VALUES (1, '2026-11-29T00:00:00Z', 'default', 'the program FAQ''s policy', 0, 0, 18, 1);

-- ---- end of the eligibility policy --------------------------------------------------------

-- ---- applications, learners, licenses ------------------------------------------------------
-- An application is one request for a license: the person's answers, the decision and its
-- reasons under a policy version, and where the request stands. `status` is what the person
-- and the API see: pending_review, approved, denied, waitlisted, active.
-- One person, one application: at most one application that is not denied per normalized
-- e-mail (the partial unique index makes that hold even for two requests in the same
-- instant), and the same name + date of birth is checked in the same transaction.
CREATE TABLE applications (
	id INTEGER PRIMARY KEY,
	reference TEXT NOT NULL UNIQUE,
	first_name TEXT NOT NULL,
	last_name TEXT NOT NULL,
	email TEXT NOT NULL,
	email_norm TEXT NOT NULL,
	person_key TEXT NOT NULL,
	phone TEXT NOT NULL DEFAULT '',
	birth_date TEXT NOT NULL,
	county TEXT NOT NULL,
	town TEXT NOT NULL DEFAULT '',
	local_area_id INTEGER REFERENCES local_areas(id),
	region_id INTEGER REFERENCES regions(id),
	employment_status TEXT NOT NULL,
	layoff_notice_date TEXT,
	covid_related INTEGER NOT NULL DEFAULT 0,
	dol_staff INTEGER NOT NULL DEFAULT 0,
	osos_id TEXT NOT NULL DEFAULT '',
	language TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'es')),
	program TEXT NOT NULL DEFAULT 'en' CHECK (program IN ('en', 'es')),
	decision TEXT NOT NULL CHECK (decision IN ('eligible', 'ineligible', 'review')),
	reasons TEXT NOT NULL DEFAULT '',
	policy_version INTEGER NOT NULL REFERENCES policy_versions(id),
	status TEXT NOT NULL CHECK (status IN ('pending_review', 'approved', 'denied',
		'waitlisted', 'active')),
	submitted_at TEXT NOT NULL,
	due_at TEXT NOT NULL,
	decided_at TEXT,
	decided_by TEXT,
	decision_note TEXT NOT NULL DEFAULT '',
	remote_addr TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX applications_one_open_per_email ON applications(email_norm)
	WHERE status <> 'denied';
CREATE INDEX applications_person ON applications(person_key);
CREATE INDEX applications_queue ON applications(status, due_at);
CREATE INDEX applications_area ON applications(local_area_id, status);
CREATE INDEX applications_submitted ON applications(submitted_at);

-- The sign-up intake (src/intake.c): the durable front of a sign-up. The POST checks the
-- answers, decides, and commits only one row here, appended in id order with no secondary
-- index, so a surge costs a few sequential pages per commit instead of a dozen random index
-- pages per person. The intake thread then writes the full records (application, learner,
-- event, e-mail) in batches, in id order, and deletes the row in the same transaction.
-- payload: the checked answers and the decision as compact JSON (see application.c).
CREATE TABLE signup_intake (
	id INTEGER PRIMARY KEY,
	reference TEXT NOT NULL,
	payload TEXT NOT NULL,
	received_at TEXT NOT NULL
);
-- An intake row that could not become an application (a duplicate that slipped past the
-- checks, e.g. from another server process, or a row the database refused): kept here with
-- the reason, so a request that was answered 201 is never dropped without a trace.
CREATE TABLE signup_intake_rejected (
	id INTEGER PRIMARY KEY,
	intake_id INTEGER NOT NULL,
	reference TEXT NOT NULL,
	payload TEXT NOT NULL,
	received_at TEXT NOT NULL,
	rejected_at TEXT NOT NULL,
	reason TEXT NOT NULL
);

-- Every change of an application's status (the decision history).
CREATE TABLE application_events (
	id INTEGER PRIMARY KEY,
	application_id INTEGER NOT NULL REFERENCES applications(id),
	at TEXT NOT NULL,
	actor TEXT NOT NULL,
	from_status TEXT,
	to_status TEXT NOT NULL,
	note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX application_events_app ON application_events(application_id);

-- A learner is an approved person: their license and how staff track them (OSOS ID, local
-- area). license_status: waitlisted (no free seat yet), active, removed (inactive, or by
-- staff), expired (the term ended). wioa_status: reportable_individual or participant.
CREATE TABLE learners (
	id INTEGER PRIMARY KEY,
	application_id INTEGER NOT NULL UNIQUE REFERENCES applications(id),
	email TEXT NOT NULL,
	email_norm TEXT NOT NULL UNIQUE,
	first_name TEXT NOT NULL,
	last_name TEXT NOT NULL,
	osos_id TEXT NOT NULL DEFAULT '',
	local_area_id INTEGER REFERENCES local_areas(id),
	region_id INTEGER REFERENCES regions(id),
	language TEXT NOT NULL DEFAULT 'en',
	program TEXT NOT NULL DEFAULT 'en' CHECK (program IN ('en', 'es')),
	license_status TEXT NOT NULL CHECK (license_status IN ('waitlisted', 'active', 'removed',
		'expired')),
	waitlisted_at TEXT,
	activated_at TEXT,
	license_ends_at TEXT,
	removed_at TEXT,
	last_activity_at TEXT,
	invitation_accepted_at TEXT,
	wioa_status TEXT NOT NULL DEFAULT 'reportable_individual',
	notes TEXT NOT NULL DEFAULT '',
	password_hash TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE INDEX learners_area ON learners(local_area_id, license_status);
CREATE INDEX learners_osos ON learners(osos_id);
CREATE INDEX learners_waitlist ON learners(program, license_status, waitlisted_at);

-- The provider's bulk invitation: one row per license activated; exported as CSV.
CREATE TABLE invitations (
	id INTEGER PRIMARY KEY,
	learner_id INTEGER NOT NULL REFERENCES learners(id),
	program TEXT NOT NULL,
	created_at TEXT NOT NULL,
	exported_at TEXT
);
CREATE INDEX invitations_pending ON invitations(exported_at);

-- Seats in use per provider program (src/license.c). The capacity is a setting (seats_en,
-- seats_es); `active` counts the learners whose license is active in that program. It is kept
-- in the same transaction as every activation, so a sign-up never counts the learners table,
-- and the waitlist job recounts it from the learners table to correct any drift.
CREATE TABLE seat_pools (
	program TEXT PRIMARY KEY CHECK (program IN ('en', 'es')),
	active INTEGER NOT NULL DEFAULT 0
);
INSERT INTO seat_pools (program, active) VALUES ('en', 0);
INSERT INTO seat_pools (program, active) VALUES ('es', 0);

-- ---- mail outbox (src/mail.c, src/jobs/outbox.c) --------------------------------------------
-- A message is a row written in the same transaction as the change that causes it. The
-- outbox worker claims rows with a lease, delivers them and marks them sent; the rules are at
-- the top of src/jobs/outbox.c. status: pending (due at next_attempt_at), sending (claimed by
-- lease_owner until lease_until), sent, failed (refused, or too many attempts), unconfirmed
-- (handed to the mail server at handed_at, but its reply was never recorded: not resent by
-- itself, so it can never arrive twice). message_id is fixed for every attempt.
CREATE TABLE outbox (
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL,
	to_addr TEXT NOT NULL,
	subject TEXT NOT NULL,
	body_text TEXT NOT NULL,
	body_html TEXT NOT NULL,
	language TEXT NOT NULL DEFAULT 'en',
	created_at TEXT NOT NULL,
	status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent',
		'failed', 'unconfirmed')),
	attempts INTEGER NOT NULL DEFAULT 0,
	next_attempt_at TEXT NOT NULL,
	lease_until TEXT,
	lease_owner TEXT,
	handed_at TEXT,
	sent_at TEXT,
	last_error TEXT NOT NULL DEFAULT '',
	message_id TEXT NOT NULL UNIQUE
);
CREATE INDEX outbox_due ON outbox(status, next_attempt_at);

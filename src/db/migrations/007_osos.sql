-- 007_osos: what staff enter into OSOS (the state's case-management system) for each learner,
-- and what the federal report (WIOA PIRL) reads (src/osos.c, src/report.c).
--
-- One row per fact to be entered: kind referral (the activity "Referred to Coursera
-- Enrollment", dated at license activation), credential (a completed program whose kind the
-- state counts as a recognized credential), skill_gain (another completed program), exit (no
-- activity for exit_after_days, backdated to the last activity). Rows are generated, never
-- typed: fact_key names the fact ('referral:<learner>:<activation time>',
-- 'completion:<learner>:<program>', 'exit:<learner>:<last activity>'), so generating the
-- same fact again (a re-imported report, a second back-fill) never adds a row.
-- status: draft (generated; a person checks it) -> pending (confirmed: to be entered in OSOS)
-- -> entered (staff entered it in OSOS); rejected (with reason) from draft or pending.
-- Referrals start pending: activation is a fact, nothing to check.
-- event_at: the event's UTC time; event_date: its date in New York (what OSOS and PIRL take).
-- pirl_code: credential: the PIRL 1800 type code; skill_gain: the PIRL element of the gain
-- type (1809 training milestone, 1810 skills progression), both from settings at generation.
CREATE TABLE osos_entries (
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL CHECK (kind IN ('referral', 'credential', 'skill_gain', 'exit')),
	learner_id INTEGER NOT NULL REFERENCES learners(id),
	fact_key TEXT NOT NULL UNIQUE,
	event_at TEXT NOT NULL,
	event_date TEXT NOT NULL,
	status TEXT NOT NULL CHECK (status IN ('draft', 'pending', 'entered', 'rejected')),
	backfill INTEGER NOT NULL DEFAULT 0 CHECK (backfill IN (0, 1)),
	program_id INTEGER REFERENCES programs(id),
	pirl_code TEXT NOT NULL DEFAULT '',
	reason TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	confirmed_at TEXT,
	confirmed_by TEXT,
	entered_at TEXT,
	entered_by TEXT,
	rejected_at TEXT,
	rejected_by TEXT
);
-- the work list: one tab (kind, status) in date order, keyset paged
CREATE INDEX osos_entries_list ON osos_entries(kind, status, event_date, id);
CREATE INDEX osos_entries_learner ON osos_entries(learner_id, kind, status, event_date);
CREATE INDEX osos_entries_date ON osos_entries(event_date, learner_id);

-- Reportable individual or participant, set by a state admin for one learner; NULL follows
-- the rule (the setting coursera_counts_as_training, and an entered referral).
ALTER TABLE learners ADD COLUMN wioa_override TEXT;

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

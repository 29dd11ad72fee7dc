-- 009_signup_claims: one person, one request across several servers on one database
-- (src/intake.c). A sign-up that may lead to a request (not denied) writes two claims in the
-- same commit as its intake row: 'e:' + the normalized e-mail and 'p:' + the person key (name
-- and date of birth). The primary key refuses a second claim on either, whichever server
-- takes it; the intake thread deletes them in the transaction that completes or sets aside the
-- intake row, when the application itself answers for the person.
CREATE TABLE signup_claims (
	claim TEXT PRIMARY KEY,
	reference TEXT NOT NULL
);

-- 011_staff_links: staff sign-in links by e-mail and each staff member's language.

-- A link that signs a staff member in (src/staff_link.c): 32 random bytes in the e-mail, only
-- their BLAKE2b hash here. It works once (used_at), until expires_at (15 minutes).
CREATE TABLE staff_login_links (
	id INTEGER PRIMARY KEY,
	token_hash TEXT NOT NULL UNIQUE,
	staff_id INTEGER NOT NULL REFERENCES staff(id),
	created_at TEXT NOT NULL,
	expires_at TEXT NOT NULL,
	used_at TEXT
);
CREATE INDEX staff_login_links_expires ON staff_login_links(expires_at);

-- The language of the staff member's e-mails (digest, sign-in links): 'en' or 'es', kept from
-- the language they sign in with.
ALTER TABLE staff ADD COLUMN language TEXT NOT NULL DEFAULT 'en';

-- 006_inactivity: reminders before inactive learners are removed (src/inactivity.c).
-- reminded_at: when the last inactivity reminder was sent; a reminder counts only for the
-- activity it followed (activity after it starts the clock again).
ALTER TABLE learners ADD COLUMN reminded_at TEXT;
CREATE INDEX learners_sweep ON learners(license_status, last_activity_at);

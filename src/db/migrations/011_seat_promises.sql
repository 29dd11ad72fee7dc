-- 012_seat_promises: a seat promised to a sign-up is decided where every server writes.
-- With several servers on one database (src/intake.c, intake_append_seat), a sign-up approved
-- at once is told "active" only when, inside the write that stores its intake row, the seats
-- in use plus those promised to rows still waiting leave one; the row then keeps the program
-- of its seat here ('en' or 'es'; NULL: no seat promised, or one server per database, which
-- decides in memory). Every seat taken counts these promises as taken (license_take_seat),
-- until the row's own completion takes its seat.
ALTER TABLE signup_intake ADD COLUMN promised TEXT;

static const char *q = "SELECT id FROM learners WHERE email = ?";

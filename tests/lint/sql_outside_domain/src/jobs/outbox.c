static const char *q = "DELETE FROM outbox WHERE id = ?";

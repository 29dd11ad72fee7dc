/* settings.h - program settings kept in the database (settings table), editable by state
 * admins, so another state or provider can run the program without code changes.
 * Known keys and their defaults are listed in settings.c; settings_get falls back to them. */
#ifndef SG_SETTINGS_H
#define SG_SETTINGS_H

#include <stdint.h>

struct arena;
struct db;

/* The value (copied into the arena), the default for a known key, or NULL. */
const char *settings_get(struct arena *a, const char *key);
int64_t settings_get_int(const char *key, int64_t def);
/* Writes through db_write (durable on return). 0 or -1. */
int settings_set(const char *key, const char *value, const char *who);
/* Same, inside a write function already running (same transaction as other changes). */
int settings_set_db(struct db *db, const char *key, const char *value, const char *who);
/* Forgets the in-memory copy (settings_get reads the table again at most once a second). */
void settings_invalidate(void);
/* The default of a known key, or NULL. */
const char *settings_default(const char *key);

#endif

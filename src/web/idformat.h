/* idformat.h - an identifier's format in plain words.
 *
 * Settings give formats as regular expressions (osos_id_pattern, "^[A-Z]{2}[0-9]{7}$"); staff
 * read them as "two letters and seven digits, like AB1234567". The simple patterns IDs use are
 * understood: letters ([A-Z], [a-zA-Z]), digits ([0-9], \d), a hyphen or another literal
 * character, each with an optional {n} count, between optional ^ and $.
 */
#ifndef SG_IDFORMAT_H
#define SG_IDFORMAT_H

#include "i18n/i18n.h"

struct arena;

/* The format in words with an example ("two letters and seven digits, like AB1234567"), in
 * the arena; NULL when the pattern is not one of the simple forms above. */
const char *id_format_words(struct arena *a, enum lang lang, const char *pattern);

#endif

/* fuzz_import_membership.c - libFuzzer target for the provider's membership report import
 * (progress_import.h): fuzz_import_usage.c with IMPORT_MEMBERSHIP. */
#define IMPORT_KIND IMPORT_MEMBERSHIP
#include "fuzz_import_usage.c"

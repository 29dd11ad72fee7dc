/* fuzz_import_curation.c - libFuzzer target for the curated-list import ("region, program,
 * rank"; catalog.h): fuzz_import_catalog.c with catalog_import_curation. */
#define IMPORT_FN catalog_import_curation
#include "fuzz_import_catalog.c"

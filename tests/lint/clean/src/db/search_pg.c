#include "db/search_internal.h"

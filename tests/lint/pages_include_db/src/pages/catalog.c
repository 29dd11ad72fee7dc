#include "db/db.h"
#include "api/programs.h"

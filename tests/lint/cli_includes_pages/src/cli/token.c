#include "db/db.h"
#include "pages/admin.h"

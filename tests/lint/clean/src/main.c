#include "pages/learner.h"
#include "db/db.h"

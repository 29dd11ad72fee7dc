#include "learner.h"
#include "web/html.h"
#include "pages/learner.h"

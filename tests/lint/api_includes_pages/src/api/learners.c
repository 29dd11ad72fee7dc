#include "pages/learner.h"

#include "learner.h"
#include "learner_internal.h"

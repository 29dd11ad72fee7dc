#include "learner_internal.h"

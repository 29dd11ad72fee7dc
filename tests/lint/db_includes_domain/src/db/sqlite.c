#include "util/buf.h"
#include "settings.h"

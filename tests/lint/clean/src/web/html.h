#include "util/buf.h"
#include "i18n/i18n.h"

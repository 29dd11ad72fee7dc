/* a folder no layer names */
#include "util/buf.h"

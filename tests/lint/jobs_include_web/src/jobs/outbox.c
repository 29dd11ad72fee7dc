#include "web/html.h"

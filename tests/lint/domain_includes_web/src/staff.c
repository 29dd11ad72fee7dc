#include "staff.h"
#include "web/http.h"

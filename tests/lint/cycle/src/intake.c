#include "intake.h"
#include "application.h"

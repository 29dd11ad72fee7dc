#include "application.h"
#include "intake.h"

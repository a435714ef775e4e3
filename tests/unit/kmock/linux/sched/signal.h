#include "../../kmock.h"

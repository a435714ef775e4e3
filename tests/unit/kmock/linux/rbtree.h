#include "../kmock.h"

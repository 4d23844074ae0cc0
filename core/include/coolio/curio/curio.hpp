// curio/curio.hpp — everything of the curio kernel a program uses.
#pragma once

#include "coolio/curio/coro.hpp"
#include "coolio/curio/errors.hpp"
#include "coolio/curio/io.hpp"
#include "coolio/curio/kernel.hpp"
#include "coolio/curio/queue.hpp"
#include "coolio/curio/sched.hpp"
#include "coolio/curio/sync.hpp"
#include "coolio/curio/task.hpp"
#include "coolio/curio/time.hpp"
#include "coolio/curio/traps.hpp"
#include "coolio/print.hpp"

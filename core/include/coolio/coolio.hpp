// coolio.hpp — everything a coroutine program needs, in one include.
#pragma once

#include "coolio/base_events.hpp"
#include "coolio/clock.hpp"
#include "coolio/coroutines.hpp"
#include "coolio/events.hpp"
#include "coolio/exceptions.hpp"
#include "coolio/futures.hpp"
#include "coolio/gather.hpp"
#include "coolio/observer.hpp"
#include "coolio/print.hpp"
#include "coolio/repr.hpp"
#include "coolio/selectors.hpp"
#include "coolio/sleep.hpp"
#include "coolio/tasks.hpp"
#include "coolio/wait.hpp"

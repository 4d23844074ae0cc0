// sleep.hpp — asyncio.sleep.
//
// Sleeping is not a special power of the loop: it is a future plus a timer.
// sleep(d) creates a future, asks the loop to call_later(d) a callback that sets the
// future's result, and awaits the future. The task is suspended on that future like
// on any other; when the timer fires, the future's done-callback wakes the task.
// sleep(0) is different: no timer and no future, the task only yields, so it goes to
// the back of the ready queue and runs again on the next tick.
#pragma once

#include "coolio/coroutines.hpp"

namespace coolio {

/// Suspends the calling task for `delay` seconds of loop time (<= 0: one tick).
Coro<void> sleep(double delay);

}  // namespace coolio

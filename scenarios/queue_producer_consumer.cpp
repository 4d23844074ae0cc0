// queue_producer_consumer — a bounded Queue between a fast producer and a slow consumer.
//
// With maxsize=2 the producer can run only two items ahead: its third put() suspends
// on a "Queue.put" future until the consumer's get() makes room and wakes it. join()
// then waits until every item has been marked done with task_done().
//
// On the curio kernel the queue is built on two wait queues: a full put() parks the
// producer on one (QUEUE_PUT), and the consumer's get() wakes it with a sched_wake
// trap; task_done() is a coroutine there, since waking the joiner is a trap too.
#include "coolio/coolio.hpp"
#include "coolio/curio/curio.hpp"
#include "coolio/queues.hpp"

namespace coolio::scenarios {

namespace {

constexpr int DONE = -1;  // the sentinel that tells the consumer to stop

Coro<void> producer(Queue<int>& queue, int n) {
    for (int i = 0; i < n; ++i) {
        co_await queue.put(i);
        print("put", i);
    }
    co_await queue.put(DONE);
}

Coro<void> consumer(Queue<int>& queue) {
    while (true) {
        int item = co_await queue.get();
        if (item == DONE) {
            queue.task_done();
            break;
        }
        print("got", item);
        co_await sleep(0.5);
        queue.task_done();
    }
}

Coro<void> main_coro() {
    Queue<int> queue(2);
    co_await gather(producer(queue, 5), consumer(queue));
    co_await queue.join();
    print("all processed");
}

}  // namespace

void queue_producer_consumer(EventLoop& loop) { loop.run_until_complete(main_coro()); }

// ---- the same program on the curio kernel ----

namespace {
namespace on_curio {  // internal, like the asyncio version above

curio::Coro<void> producer(curio::Queue<int>& queue, int n) {
    for (int i = 0; i < n; ++i) {
        co_await queue.put(i);
        print("put", i);
    }
    co_await queue.put(DONE);
}

curio::Coro<void> consumer(curio::Queue<int>& queue) {
    while (true) {
        int item = co_await queue.get();
        if (item == DONE) {
            co_await queue.task_done();
            break;
        }
        print("got", item);
        co_await curio::sleep(0.5);
        co_await queue.task_done();
    }
}

curio::Coro<void> main_task() {
    curio::Queue<int> queue(2);
    auto p = co_await curio::spawn(producer(queue, 5));
    auto c = co_await curio::spawn(consumer(queue));
    co_await curio::join(p);
    co_await curio::join(c);
    co_await queue.join();
    print("all processed");
}

}  // namespace on_curio
}  // namespace

void queue_producer_consumer_curio(curio::Kernel& kernel) { kernel.run(on_curio::main_task()); }

}  // namespace coolio::scenarios

// queue_producer_consumer — a bounded Queue between a fast producer and a slow consumer.
//
// With maxsize=2 the producer can run only two items ahead: its third put() suspends
// on a "Queue.put" future until the consumer's get() makes room and wakes it. join()
// then waits until every item has been marked done with task_done().
#include "coolio/coolio.hpp"
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

}  // namespace coolio::scenarios

// shield_cancel — shield keeps a cancellation away from the work it guards.
//
// request() awaits shield(save_task): a new "outer" future that save_task's
// done-callback will complete. Cancelling request cancels what it waits on, the outer
// future, and nothing else: save_task never hears of it and finishes its write.
#include <cctype>

#include "coolio/coolio.hpp"

namespace coolio::scenarios {

namespace {

Coro<std::string> save(std::string record) {
    print("save: writing", record);
    co_await sleep(2);
    print("save: written", record);
    for (char& c : record) c = char(std::toupper(static_cast<unsigned char>(c)));
    co_return record;
}

Coro<std::string> request(TaskPtr<std::string> save_task) { co_return co_await shield(save_task); }

Coro<void> main_coro() {
    EventLoop& loop = get_running_loop();
    auto save_task = create_task(save("order-1"));
    auto req = create_task(request(save_task));
    co_await sleep(1);
    req->cancel();
    try {
        co_await req;
    } catch (const CancelledError&) {
        print("request cancelled at", loop.time());
    }
    std::string saved = co_await save_task;
    print("save result", saved, "at", loop.time());
}

}  // namespace

void shield_cancel(EventLoop& loop) { loop.run_until_complete(main_coro()); }

}  // namespace coolio::scenarios

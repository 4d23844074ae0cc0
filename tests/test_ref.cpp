// Counted references (ref.hpp): who owns handles, futures and tasks.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "coolio/coolio.hpp"

using namespace coolio;

namespace {

// A counted class of the test's own, which records when it is destroyed.
struct Tracked {
    explicit Tracked(std::vector<std::string>& log, std::string name) : log(log), name(std::move(name)) {}
    ~Tracked() { log.push_back("destroyed " + name); }
    std::vector<std::string>& log;
    std::string name;

protected:
    template <class>
    friend class coolio::Ref;
    mutable std::uint32_t refcount_ = 0;
};

}  // namespace

TEST_SUITE("Ref: counted references") {
    TEST_CASE("the object lives until its last Ref lets go, and is destroyed then, once") {
        std::vector<std::string> log;
        Ref<Tracked> first = make_ref<Tracked>(log, "a");
        CHECK(first.use_count() == 1);
        {
            Ref<Tracked> second = first;
            CHECK(first.use_count() == 2);
            Ref<Tracked> third(first.get());  // a plain pointer becomes a Ref again
            CHECK(first.use_count() == 3);
        }
        CHECK(first.use_count() == 1);
        CHECK(log.empty());
        Ref<Tracked> moved = std::move(first);
        CHECK_FALSE(first);
        CHECK(moved.use_count() == 1);
        moved.reset();
        CHECK(log == std::vector<std::string>{"destroyed a"});
    }

    TEST_CASE("assigning a Ref drops what it held before") {
        std::vector<std::string> log;
        Ref<Tracked> ref = make_ref<Tracked>(log, "old");
        ref = make_ref<Tracked>(log, "new");
        CHECK(log == std::vector<std::string>{"destroyed old"});
        ref = ref;  // to itself: nothing is destroyed
        CHECK(log.size() == 1);
        CHECK(ref->name == "new");
    }

    TEST_CASE("a TimerHandle held as a Handle is destroyed as a TimerHandle") {
        EventLoop loop;
        int calls = 0;
        TimerHandlePtr timer = loop.call_later(1.0, [&calls] { ++calls; }, "timer");
        HandlePtr as_handle = timer;
        CHECK(as_handle.use_count() == 3);  // the heap, `timer`, `as_handle`
        CHECK(as_handle->is_timer());
        timer.reset();
        loop.run_until_complete(coolio::sleep(2.0));
        CHECK(calls == 1);
        CHECK(as_handle.use_count() == 1);  // run and gone from the loop: only ours is left
        loop.close();
    }

    TEST_CASE("a future's WeakRef goes null when the future is destroyed, and never keeps it alive") {
        EventLoop loop;
        FuturePtr<int> future = loop.create_future<int>();
        WeakRef<Future<int>> weak = future;
        WeakRef<FutureBase> weak_base = future;
        CHECK(future.use_count() == 1);
        CHECK(weak.lock() == future);
        CHECK(weak_base.lock().get() == future.get());
        future.reset();
        CHECK_FALSE(weak.lock());
        CHECK_FALSE(weak_base.lock());
        loop.close();
    }

    TEST_CASE("a destructor that takes a Ref to its own object and drops it does not destroy it twice") {
        // Destructors run user code (a future reporting an exception nobody retrieved
        // calls the loop's exception handler), which may take references to the object.
        struct Dying : Tracked {
            using Tracked::Tracked;
            ~Dying() { Ref<Dying> again(this); }
        };
        std::vector<std::string> log;
        make_ref<Dying>(log, "once").reset();
        CHECK(log == std::vector<std::string>{"destroyed once"});
    }

    TEST_CASE("a future dropped with an exception nobody retrieved reports it once") {
        EventLoop loop;
        std::vector<std::string> reports;
        loop.set_exception_handler([&](EventLoop&, const ExceptionContext& context) {
            reports.push_back(context.message);
        });
        {
            FuturePtr<int> future = loop.create_future<int>();
            future->set_exception(RuntimeError("lost"));
        }
        CHECK(reports == std::vector<std::string>{"Future exception was never retrieved"});
        loop.close();
    }
}

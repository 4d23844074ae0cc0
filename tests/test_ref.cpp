// Counted references (ref.hpp): who owns handles, futures and tasks.
#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>

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

    TEST_CASE("a handle's 16-bit count takes 65,535 Refs, and one more stops the program instead of wrapping") {
        EventLoop loop;
        HandlePtr handle = loop.call_soon([] {}, "h");  // the ready queue's and ours: 2
        std::vector<HandlePtr> copies(65'533, handle);
        CHECK(handle.use_count() == 65'535);
        copies.pop_back();
        CHECK(handle.use_count() == 65'534);
        copies.push_back(handle);

        // One more would wrap the count to 0 and free a live handle: the process aborts
        // with a message. Tried in a child process, so that this one carries on.
        int err[2];
        REQUIRE(::pipe(err) == 0);
        pid_t pid = ::fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            ::dup2(err[1], STDERR_FILENO);
            HandlePtr one_too_many = handle;
            std::_Exit(0);  // not reached
        }
        ::close(err[1]);
        std::string said;
        char buffer[256];
        for (ssize_t n; (n = ::read(err[0], buffer, sizeof buffer)) > 0;) said.append(buffer, std::size_t(n));
        ::close(err[0]);
        int status = 0;
        REQUIRE(::waitpid(pid, &status, 0) == pid);
        CHECK(WIFSIGNALED(status));
        CHECK(WTERMSIG(status) == SIGABRT);
        CHECK(said == "coolio: too many references to one object (its reference count would wrap)\n");
        copies.clear();
        CHECK(handle.use_count() == 2);
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

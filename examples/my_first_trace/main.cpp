// my_first_trace — write a coroutine program, run it on coolio's loop, keep its trace.
//
// Change main_coro() and the coroutines it awaits; the rest is what every traced
// program needs: a loop, a tracer writing to a file, run_until_complete.
#include <coolio/coolio.hpp>
#include <coolio/tracer/sinks.hpp>
#include <coolio/tracer/tracer.hpp>

#include <iostream>
#include <string>

using namespace coolio;

Coro<int> count_down(std::string name, int from) {
    for (int i = from; i > 0; --i) {
        print(name, i);
        co_await coolio::sleep(0.5);  // coolio::sleep: POSIX has a sleep() too
    }
    print(name, "lift-off");
    co_return from;
}

Coro<void> main_coro() {
    auto results = co_await gather(count_down("A", 2), count_down("B", 3));
    print("results:", results);
}

int main(int argc, char** argv) {
    std::string path = argc > 1 ? argv[1] : "my_first_trace.trace.jsonl";
    EventLoop loop;  // the virtual clock: sleeps cost no time, runs are repeatable
    set_event_loop(&loop);
    {
        tracer::FileSink sink(path);
        tracer::Tracer tracer(loop, sink, {"my_first_trace"});
        loop.run_until_complete(main_coro());
        tracer.finish();
    }
    set_event_loop(nullptr);
    std::cout << "Wrote " << path << ": try  coolio-trace step " << path << "\n";
}

#include "coolio/print.hpp"

#include <iostream>

#include "coolio/base_events.hpp"

namespace coolio {

void print_line(std::string_view text) {
    EventLoop* loop = try_get_running_loop();
    if (!loop) {
        try {
            loop = &get_event_loop();
        } catch (const RuntimeError&) {
            loop = nullptr;  // no loop at all: print like plain Python would
        }
    }
    std::ostream* out = loop ? loop->output() : &std::cout;
    if (out) *out << text << '\n';
    if (loop && loop->observer()) loop->observer()->on_print(text, loop->current_task());
}

}  // namespace coolio

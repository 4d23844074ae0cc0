#include "coolio/print.hpp"

#include <iostream>

#include "coolio/base_events.hpp"
#include "coolio/curio/kernel.hpp"

namespace coolio {

void print_line(std::string_view text) {
    if (curio::Kernel* kernel = curio::running_kernel()) {  // inside a curio task
        if (std::ostream* out = kernel->output()) *out << text << '\n';
        if (kernel->observer()) kernel->observer()->on_kernel_print(text, kernel->current());
        return;
    }
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

#include <iostream>

#include "commands.hpp"
#include "scenario.hpp"

namespace coolio::cli {

void add_list(CLI::App& app) {
    CLI::App* list = app.add_subcommand("list", "List the built-in scenarios, one a line");
    list->callback([] {
        std::size_t width = 0;
        for (const auto& scenario : scenarios::all()) width = std::max(width, scenario.name.size());
        for (const auto& scenario : scenarios::all())
            std::cout << scenario.name << std::string(width - scenario.name.size() + 2, ' ') << scenario.summary
                      << '\n';
    });
}

}  // namespace coolio::cli

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "coolio/tracer/narrate.hpp"
#include "coolio/tracer/trace_reader.hpp"

namespace coolio::cli {

namespace {

// reference/asyncio_trace.py: next to the sources this binary was built from, or where
// COOLIO_REFERENCE_DIR says.
std::string tracer_script() {
    const char* dir = std::getenv("COOLIO_REFERENCE_DIR");
    return std::string(dir ? dir : COOLIO_REFERENCE_DIR) + "/asyncio_trace.py";
}

std::string find_python() {
    for (const char* candidate : {"/usr/bin/python3", "/usr/local/bin/python3"})
        if (::access(candidate, X_OK) == 0) return candidate;
    return {};
}

}  // namespace

void add_py(CLI::App& app) {
    struct Args {
        std::string program, output, lang;
        bool quiet = false;
    };
    auto args = std::make_shared<Args>();
    CLI::App* cmd = app.add_subcommand(
        "py", "Trace a Python asyncio program on CPython (virtual clock) in coolio's format, and narrate it");
    cmd->add_option("program", args->program, "The program: defines async def main(), or runs its own loop")
        ->required();
    cmd->add_option("-o,--output", args->output, "Trace file to write (default: PROGRAM.trace.jsonl)");
    cmd->add_flag("-q,--quiet", args->quiet, "Print only the program's own output, no narration");
    add_lang_option(*cmd, args->lang);
    cmd->callback([args] {
        if (!std::filesystem::is_regular_file(args->program))
            throw usage_error("error.no_python_program", args->program);
        std::string python = find_python();
        if (python.empty()) throw usage_error("error.no_python");
        std::string script = tracer_script();
        if (!std::filesystem::is_regular_file(script))
            throw usage_error("error.no_tracer_script", script);
        std::string output = args->output;
        if (output.empty()) output = std::filesystem::path(args->program).replace_extension(".trace.jsonl").string();

        // The program's own output goes to our stdout unchanged (a child process).
        std::cout.flush();
        pid_t child = ::fork();
        if (child == -1) throw usage_error("error.fork", std::strerror(errno));
        if (child == 0) {
            if (!args->quiet) {
                int devnull = ::open("/dev/null", O_WRONLY);
                if (devnull != -1) ::dup2(devnull, STDOUT_FILENO);
            }
            ::execl(python.c_str(), python.c_str(), script.c_str(), args->program.c_str(), "-o", output.c_str(),
                    static_cast<char*>(nullptr));
            std::_Exit(127);
        }
        int status = 0;
        while (::waitpid(child, &status, 0) == -1 && errno == EINTR) {
        }
        int code = WIFEXITED(status) ? WEXITSTATUS(status) : 1;
        if (code == 2) throw usage_error("error.python_failed", args->program);
        if (!args->quiet && std::filesystem::exists(output)) {
            std::string lang = args->lang.empty() ? tracer::default_language() : args->lang;
            tracer::narrate(tracer::read_trace(output), std::cout, lang);
            std::cout << "\n" << msg(lang, "py.written", output) << "\n";
        }
        if (code != 0) throw CLI::RuntimeError(1);  // the program raised; the tracer said what
    });
}

}  // namespace coolio::cli

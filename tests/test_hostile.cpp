// Hostile and malformed traces (issue 10): every file of tests/hostile/ goes through
// each command that reads a trace — step, show, view, export and diff — and each must
// answer as the folder's README table says: one line "coolio-trace: FILE:LINE: what"
// and exit code 2, or (for the few files that are acceptable) open, perhaps with a
// warning. Never a crash, a hang or an exception's name. The table is the list: a file
// added to the folder without a row fails here, and so does a row without its file.
#include <doctest/doctest.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>

#include "support.hpp"

using coolio::testing::run_command;

namespace {

namespace fs = std::filesystem;

const std::string bin = COOLIO_TRACE_BIN;
const fs::path folder = fs::path(COOLIO_SOURCE_DIR) / "tests" / "hostile";
const std::string good = std::string(COOLIO_SOURCE_DIR) + "/tests/golden/sleep_wait.trace.jsonl";
const fs::path out_dir = fs::path(COOLIO_BINARY_DIR) / "hostile-out";

// A command that has not answered after this long is hung: `timeout` stops it.
constexpr int TIMEOUT_SECONDS = 60;
constexpr int TIMED_OUT = 124;  // timeout(1)'s exit code

/// What the README table says a file must give.
struct Expected {
    bool opens = false;     ///< acceptable: exit 0 (diff: 0 or 1)
    std::string message;    ///< refused: what follows "coolio-trace: " + path; opens: a warning's text, or ""
    bool prefix = false;    ///< the message ends with "…": the output starts with the rest
};

// The text between the first pair of backquotes of a table cell, or "".
std::string backquoted(const std::string& cell) {
    std::size_t open = cell.find('`');
    if (open == std::string::npos) return "";
    std::size_t close = cell.find('`', open + 1);
    return cell.substr(open + 1, close - open - 1);
}

// The rows of the README's table: | `file` | what is wrong | expected |.
std::map<std::string, Expected> table() {
    std::ifstream in(folder / "README.md");
    REQUIRE(in);
    std::map<std::string, Expected> rows;
    for (std::string line; std::getline(in, line);) {
        if (line.rfind("| `", 0) != 0) continue;
        std::vector<std::string> cells;
        for (std::size_t pos = 1, bar; (bar = line.find(" |", pos)) != std::string::npos; pos = bar + 2)
            cells.push_back(line.substr(pos, bar - pos));
        REQUIRE_MESSAGE(cells.size() == 3, line);
        Expected expected;
        expected.opens = cells[2].find("opens") != std::string::npos && cells[2].find("opens") < 3;
        expected.message = backquoted(cells[2]);
        if (expected.message.ends_with("…")) {
            expected.prefix = true;
            expected.message.erase(expected.message.size() - std::string("…").size());
        }
        rows[backquoted(cells[0])] = expected;
    }
    return rows;
}

std::vector<std::string> corpus() {
    std::vector<std::string> files;
    for (const auto& entry : fs::directory_iterator(folder))
        if (entry.path().filename() != "README.md") files.push_back(entry.path().filename().string());
    std::sort(files.begin(), files.end());
    return files;
}

// The command line of `command` (step, show, view, export, diff) on `file`.
std::string command_line(const std::string& command, const std::string& file) {
    std::string run = "timeout -k 5 " + std::to_string(TIMEOUT_SECONDS) + " " + bin + " ";
    if (command == "step") return run + "step '" + file + "' < /dev/null";
    if (command == "view") return run + "view '" + file + "' -o " + (out_dir / "page.html").string();
    if (command == "export") return run + "export '" + file + "' -o " + (out_dir / "chrome.json").string();
    if (command == "diff") return run + "diff '" + file + "' " + good;
    return run + command + " '" + file + "'";
}

// Whether output is what a crash, or an exception nobody caught, prints.
bool looks_like_a_crash(const std::string& output) {
    for (const char* sign : {"terminate called", "what():", "std::", "nlohmann", "Segmentation", "Aborted", "AddressSanitizer",
                             "runtime error:"})
        if (output.find(sign) != std::string::npos) return true;
    return false;
}

// Runs `command` on `path` and checks the answer against `expected`.
void check_answer(const std::string& command, const std::string& path, const Expected& expected) {
    auto r = run_command(command_line(command, path));
    INFO(command, " ", path, "\n", r.output);
    CHECK(r.status != TIMED_OUT);
    CHECK_FALSE(looks_like_a_crash(r.output));
    if (!expected.opens) {
        CHECK(r.status == 2);
        // "4: not valid JSON" follows "FILE:"; "the file is empty…" (no line) follows "FILE: ".
        bool has_line = !expected.message.empty() && std::isdigit(static_cast<unsigned char>(expected.message[0]));
        std::string want = "coolio-trace: " + path + (has_line ? ":" : ": ") + expected.message;
        if (expected.prefix) CHECK(r.output.rfind(want, 0) == 0);
        else CHECK(r.output == want + "\n");
        CHECK(std::count(r.output.begin(), r.output.end(), '\n') == 1);
        return;
    }
    // Acceptable: the command does its work (diff: 0 same, 1 different), and the only
    // lines of coolio-trace's own are warnings.
    CHECK((r.status == 0 || (command == "diff" && r.status == 1)));
    std::istringstream lines(r.output);
    for (std::string line; std::getline(lines, line);)
        if (line.rfind("coolio-trace: ", 0) == 0) CHECK(line.rfind("coolio-trace: warning: " + path, 0) == 0);
    if (!expected.message.empty()) CHECK(r.output.find(expected.message) != std::string::npos);
}

void check_every_file(const std::string& command) {
    fs::create_directories(out_dir);
    auto rows = table();
    auto files = corpus();
    for (const std::string& file : files) {
        auto row = rows.find(file);
        REQUIRE_MESSAGE(row != rows.end(), "tests/hostile/README.md has no row for " << file);
        check_answer(command, (folder / file).string(), row->second);
    }
    for (const auto& [file, expected] : rows)
        CHECK_MESSAGE(std::find(files.begin(), files.end(), file) != files.end(), "README row without a file: " << file);
}

}  // namespace

TEST_SUITE("hostile traces (tests/hostile/)") {
    TEST_CASE("the folder holds at least 30 hostile files, each with its row in the README") {
        CHECK(corpus().size() >= 30);
        CHECK(table().size() == corpus().size());
    }
    TEST_CASE("step answers every hostile file as the README says") { check_every_file("step"); }
    TEST_CASE("show answers every hostile file as the README says") { check_every_file("show"); }
    TEST_CASE("view answers every hostile file as the README says") { check_every_file("view"); }
    TEST_CASE("export answers every hostile file as the README says") { check_every_file("export"); }
    TEST_CASE("diff answers every hostile file as the README says") { check_every_file("diff"); }

    TEST_CASE("a 100 MB line is refused at 16 MiB, in bounded time and memory, by every command") {
        // Made here, not kept in git: a header, then one event whose name is 100 MB long.
        fs::create_directories(out_dir);
        const fs::path big = out_dir / "line_100mb.jsonl";
        {
            std::ofstream out(big, std::ios::binary);
            out << R"({"seq":0,"tick":0,"t":0.0,"kind":"trace.begin","format":"coolio-trace","version":1,"scenario":"big","clock":"virtual","runtime":"asyncio"})"
                << "\n" << R"({"seq":1,"tick":0,"t":0.0,"kind":"task.new","task":1,"coro":"main","name":")";
            const std::string block(1 << 20, 'a');
            for (int i = 0; i < 100; ++i) out << block;
            out << "\"}\n";
            REQUIRE(out.good());
        }
        Expected expected{false, "2: the line is longer than 16 MiB, the most one event may take: not a coolio trace, or a damaged one", false};
        for (const char* command : {"step", "show", "view", "export", "diff"}) {
#ifndef COOLIO_UNDER_ASAN
            // Bounded memory: the reader stops at 16 MiB instead of holding 100 MB (a
            // sanitizer build reserves terabytes of address space, so no limit there).
            auto limited = run_command("ulimit -v 400000 && " + command_line(command, big.string()));
            INFO(command, "\n", limited.output);
            CHECK(limited.status == 2);
#endif
            check_answer(command, big.string(), expected);
        }
        fs::remove(big);
    }
}

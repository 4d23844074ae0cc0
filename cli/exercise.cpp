#include "exercise.hpp"

#include <fmt/format.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "commands.hpp"  // UsageError

namespace coolio::cli {

namespace {

constexpr std::array KINDS = {
    std::pair{QuestionKind::next_print, std::string_view("next_print")},
    std::pair{QuestionKind::next_task, std::string_view("next_task")},
    std::pair{QuestionKind::ready_queue, std::string_view("ready_queue")},
    std::pair{QuestionKind::time_of, std::string_view("time_of")},
    std::pair{QuestionKind::ticks_until, std::string_view("ticks_until")},
    std::pair{QuestionKind::print_order, std::string_view("print_order")},
    std::pair{QuestionKind::how_many, std::string_view("how_many")},
    std::pair{QuestionKind::next_trap, std::string_view("next_trap")},
};
constexpr std::array SHOWS = {std::string_view("prints"), std::string_view("state"), std::string_view("events")};

// The keys of the exercise itself and of a question; `line` may repeat.
const std::set<std::string_view> EXERCISE_KEYS = {"title", "title.zh", "intro", "intro.zh", "scenario", "runtime", "program"};
const std::set<std::string_view> QUESTION_KEYS = {"at",    "show",  "ask",   "ask.zh",     "hint", "hint.zh",
                                                  "event", "line",  "count", "explain",    "explain.zh"};

std::string trim(std::string_view text) {
    std::size_t first = text.find_first_not_of(" \t\r");
    if (first == std::string_view::npos) return "";
    std::size_t last = text.find_last_not_of(" \t\r");
    return std::string(text.substr(first, last - first + 1));
}

std::string key_list(const std::set<std::string_view>& keys) {
    std::string out;
    for (std::string_view key : keys) out += (out.empty() ? "" : ", ") + std::string(key);
    return out;
}

class Parser {
public:
    Parser(std::string_view text, const std::string& path) : text_(text) {
        exercise_.path = path;
        exercise_.name = std::filesystem::path(path).stem().string();
    }

    Exercise parse() {
        std::istringstream in{std::string(text_)};
        std::string raw;
        while (std::getline(in, raw)) {
            ++line_;
            if (!raw.empty() && raw.back() == '\r') raw.pop_back();
            read_line(raw);
        }
        finish_question();
        if (exercise_.title.empty()) fail(1, "exercise.error.no_title");
        if (exercise_.scenario.value.empty()) fail(1, "exercise.error.no_scenario");
        if (exercise_.questions.empty()) fail(line_, "exercise.error.no_question");
        return std::move(exercise_);
    }

private:
    // "FILE:LINE: " and the message `key` filled in with `args`.
    template <class... Args>
    [[noreturn]] void fail(std::size_t line, std::string_view key, const Args&... args) const {
        throw usage_error(key, args...).prefixed(fmt::format("{}:{}: ", exercise_.path, line));
    }

    void read_line(const std::string& raw) {
        std::string line = trim(raw);
        if (raw.starts_with("|")) {  // a line of the program: everything after "| "
            if (!in_program_) fail(line_, "exercise.error.program_line");
            std::string_view code = std::string_view(raw).substr(1);
            if (code.starts_with(' ')) code.remove_prefix(1);
            exercise_.program += std::string(code) + "\n";
            return;
        }
        in_program_ = false;
        if (line.empty() || line.starts_with('#')) return;
        if (raw.starts_with("  ") && last_text_) {  // an indented line continues the text above
            *last_text_ += " " + line;
            return;
        }
        last_text_ = nullptr;
        std::size_t colon = line.find(':');
        if (colon == std::string::npos)
            fail(line_, "exercise.error.bad_line", line);
        std::string key = trim(std::string_view(line).substr(0, colon));
        std::string value = trim(std::string_view(line).substr(colon + 1));
        if (key == "question") return start_question(value);
        if (question_) return question_key(key, value);
        exercise_key(key, value);
    }

    void once(const std::string& key) {
        auto [it, fresh] = seen_.insert(key);
        if (!fresh) fail(line_, "exercise.error.twice", key);
    }

    void need_value(const std::string& key, const std::string& value) const {
        if (value.empty()) fail(line_, "exercise.error.needs_value", key);
    }

    void exercise_key(const std::string& key, const std::string& value) {
        if (!EXERCISE_KEYS.contains(key)) {
            if (QUESTION_KEYS.contains(key)) fail(line_, "exercise.error.question_key", key);
            fail(line_, "exercise.error.unknown_key", key, key_list(EXERCISE_KEYS));
        }
        once(key);
        if (key == "program") {
            if (!value.empty()) fail(line_, "exercise.error.program_alone");
            in_program_ = true;
            return;
        }
        need_value(key, value);
        if (key == "scenario") exercise_.scenario = {value, line_};
        else if (key == "runtime") set_runtime(value);
        else set_text(key, value, key.starts_with("title") ? exercise_.title : exercise_.intro);
    }

    void set_runtime(const std::string& value) {
        if (value != "asyncio" && value != "curio") fail(line_, "exercise.error.runtime", value);
        exercise_.runtime = {value, line_};
    }

    void set_text(const std::string& key, const std::string& value, Text& text) {
        std::string& target = key.ends_with(".zh") ? text.zh : text.en;
        target = value;
        last_text_ = &target;
    }

    void start_question(const std::string& value) {
        finish_question();
        auto found = std::find_if(KINDS.begin(), KINDS.end(), [&](const auto& k) { return k.second == value; });
        if (found == KINDS.end()) {
            std::string kinds;
            for (const auto& k : KINDS) kinds += (kinds.empty() ? "" : ", ") + std::string(k.second);
            fail(line_, "exercise.error.unknown_kind", value, kinds);
        }
        question_ = Question{};
        question_->kind = found->first;
        question_->line = line_;
        seen_.clear();
    }

    void question_key(const std::string& key, const std::string& value) {
        if (!QUESTION_KEYS.contains(key)) {
            if (EXERCISE_KEYS.contains(key)) fail(line_, "exercise.error.exercise_key", key);
            fail(line_, "exercise.error.unknown_question_key", key, key_list(QUESTION_KEYS));
        }
        if (key != "line") once(key);
        need_value(key, value);
        Question& q = *question_;
        bool ordering = q.kind == QuestionKind::print_order;
        bool timed = q.kind == QuestionKind::time_of || q.kind == QuestionKind::ticks_until || q.kind == QuestionKind::how_many;
        if ((key == "line" || key == "count") && !ordering)
            fail(line_, "exercise.error.order_key", key, kind_name(q.kind));
        if (key == "event" && !timed)
            fail(line_, "exercise.error.event_key", kind_name(q.kind));
        if (key == "at") q.at = Located{value, line_};
        else if (key == "event") q.event = Located{value, line_};
        else if (key == "line") q.lines.push_back({value, line_});
        else if (key == "count") q.count = Located{value, line_};
        else if (key == "show") set_show(q, value);
        else if (key.starts_with("ask")) set_text(key, value, q.ask);
        else if (key.starts_with("hint")) set_text(key, value, q.hint);
        else set_text(key, value, q.explain);
    }

    void set_show(Question& q, const std::string& value) {
        std::istringstream words(value);
        std::string word;
        while (words >> word) {
            if (std::find(SHOWS.begin(), SHOWS.end(), word) == SHOWS.end())
                fail(line_, "exercise.error.show", word);
            q.show.push_back(word);
        }
    }

    void finish_question() {
        if (!question_) return;
        Question& q = *question_;
        if (q.ask.empty()) fail(q.line, "exercise.error.no_ask");
        if ((q.kind == QuestionKind::time_of || q.kind == QuestionKind::ticks_until || q.kind == QuestionKind::how_many) &&
            !q.event)
            fail(q.line, "exercise.error.needs_event", kind_name(q.kind));
        if (q.kind == QuestionKind::print_order) {
            if (q.count && !q.lines.empty()) fail(q.count->line, "exercise.error.lines_or_count");
            if (!q.count && q.lines.size() < 2)
                fail(q.line, "exercise.error.two_lines");
        }
        if (q.show.empty()) q.show = {"prints"};
        exercise_.questions.push_back(std::move(q));
        question_.reset();
    }

    std::string_view text_;
    Exercise exercise_;
    std::optional<Question> question_;
    std::set<std::string> seen_;  // keys given so far (in the exercise part, or this question)
    std::string* last_text_ = nullptr;  // the text an indented line continues
    bool in_program_ = false;
    std::size_t line_ = 0;
};

}  // namespace

std::string_view kind_name(QuestionKind kind) {
    for (const auto& [k, name] : KINDS)
        if (k == kind) return name;
    return "?";
}

Exercise parse_exercise(std::string_view text, const std::string& path) { return Parser(text, path).parse(); }

Exercise read_exercise(const std::string& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) throw usage_error("error.is_directory", path);
    std::ifstream in(path, std::ios::binary);
    if (!in) throw usage_error("error.cannot_open", path, std::strerror(errno));
    std::ostringstream text;
    text << in.rdbuf();
    return parse_exercise(text.str(), path);
}

}  // namespace coolio::cli

// cmd_exercise.cpp — `coolio-trace exercise list|run|check`: predict, then see the trace.
//
// An exercise (exercise.hpp) plays a scenario's trace up to a stop point and asks
// what happens next. The answer is read from the trace (exercise_check.hpp); after
// the student's answer, the events that decide it are shown with the stepper's
// explanation. Answers come from stdin, so a session can be scripted:
//   printf 'Waiting: 1\n...' | coolio-trace exercise run 01-sleep-wait-first-print
// and `--answers FILE…` grades a whole class's answer files into CSV.
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "commands.hpp"
#include "coolio/repr.hpp"
#include "coolio/tracer/messages.hpp"
#include "exercise_check.hpp"
#include "stepper_format.hpp"

namespace coolio::cli {

namespace {

namespace fs = std::filesystem;
using tracer::message;

struct ExerciseArgs {
    std::string dir;
    std::string name;
    std::vector<std::string> files;
    std::vector<std::string> answers;
    std::string output;
    std::string lang;
    std::string color = "auto";
};

/// The folder of exercises: --dir, else $COOLIO_EXERCISES_DIR, else the source tree's
/// exercises/ if it is there, else the installed ones (PREFIX/share/coolio/exercises,
/// next to PREFIX/bin/coolio-trace).
std::string exercise_dir(const ExerciseArgs& args) {
    if (!args.dir.empty()) return args.dir;
    if (const char* env = std::getenv("COOLIO_EXERCISES_DIR"); env && *env) return env;
    std::error_code ec;
    if (fs::is_directory(COOLIO_EXERCISES_DIR, ec)) return COOLIO_EXERCISES_DIR;
    fs::path installed = fs::read_symlink("/proc/self/exe", ec).parent_path().parent_path() / "share/coolio/exercises";
    return !ec && fs::is_directory(installed, ec) ? installed.string() : COOLIO_EXERCISES_DIR;
}

/// Every exercise file of the folder, by file name (their names start with a number).
std::vector<fs::path> exercise_files(const std::string& dir) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) throw usage_error("error.not_exercise_dir", dir);
    std::vector<fs::path> files;
    for (const fs::directory_entry& entry : fs::directory_iterator(dir))
        if (entry.path().extension() == EXERCISE_EXTENSION) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    return files;
}

/// NAME (a file of the folder, with or without its extension) or a path to a file.
std::string exercise_path(const ExerciseArgs& args) {
    std::error_code ec;
    if (args.name.find('/') != std::string::npos || fs::is_regular_file(args.name, ec)) return args.name;
    std::string dir = exercise_dir(args);
    for (const fs::path& file : exercise_files(dir))
        if (file.stem() == args.name || file.filename() == args.name) return file.string();
    std::string names;
    for (const fs::path& file : exercise_files(dir)) names += (names.empty() ? "" : ", ") + file.stem().string();
    throw usage_error("error.no_exercise", args.name, dir, names);
}

std::string language(const ExerciseArgs& args) { return args.lang.empty() ? tracer::default_language() : args.lang; }

// ---- one exercise, question by question ------------------------------------------------------

class ExerciseSession {
public:
    ExerciseSession(const CheckedExercise& checked, std::ostream& out, Style style, std::string lang)
        : ex_(checked), out_(out), style_(style), lang_(std::move(lang)) {}

    /// Asks every question, reading answers from `in`, then prints the score.
    void run(std::istream& in, bool interactive) {
        const Exercise& e = ex_.exercise;
        out_ << style_.bold(msg(lang_, "exercise.title", e.name, e.title.in(lang_))) << "\n";
        if (!e.intro.empty()) out_ << e.intro.in(lang_) << "\n";
        if (!e.program.empty()) {
            out_ << "\n" << msg(lang_, "exercise.program") << "\n";
            std::istringstream program(e.program);
            for (std::string line; std::getline(program, line);) out_ << "  │ " << line << "\n";
        }
        for (std::size_t i = 0; i < e.questions.size(); ++i) {
            if (!ask(i, in, interactive)) {
                out_ << "\n" << msg(lang_, "exercise.stopped") << "\n";
                break;
            }
        }
        out_ << "\n" << style_.bold(msg(lang_, "exercise.score", right_, e.questions.size(), first_try_)) << "\n";
    }

private:
    // Reads one answer; false at the end of the input.
    bool read_answer(std::istream& in, bool interactive, std::string& answer) {
        out_ << style_.bold(msg(lang_, "exercise.prompt")) << std::flush;
        if (!std::getline(in, answer)) {
            out_ << "\n";
            return false;
        }
        if (!interactive) out_ << answer << "\n";  // a scripted session reads like a typed one
        return true;
    }

    static constexpr std::uint64_t CLUE_EVENTS = 20;  // at most this many events as a clue

    bool ask(std::size_t index, std::istream& in, bool interactive) {
        const Question& q = ex_.exercise.questions[index];
        const Resolved& r = ex_.resolved[index];
        out_ << "\n" << style_.bold(msg(lang_, "exercise.question", index + 1, ex_.exercise.questions.size())) << "\n";
        show_context(q, r, index);
        out_ << q.ask.in(lang_) << "\n";
        for (std::size_t i = 0; i < r.choices.size(); ++i) out_ << fmt::format("  {}) {}\n", char('a' + i), r.choices[i]);
        out_ << style_.dim(message(std::string("exercise.how.") + std::string(kind_name(q.kind)), lang_)) << "\n";

        std::string answer;
        for (int attempt = 1; attempt <= 2; ++attempt) {
            if (!read_answer(in, interactive, answer)) return false;
            if (is_right(q, r, answer)) {
                ++right_;
                if (attempt == 1) ++first_try_;
                out_ << style_.change('+', msg(lang_, "exercise.right", answer_text(q, r))) << "\n";
                explain(q, r);
                return true;
            }
            if (attempt == 1) {
                out_ << style_.change('-', message("exercise.wrong_once", lang_)) << "\n";
                if (!q.hint.empty()) out_ << msg(lang_, "exercise.hint", q.hint.in(lang_)) << "\n";
                clue(q, r, index);
                out_ << message("exercise.try_again", lang_) << "\n";
            }
        }
        out_ << style_.change('-', msg(lang_, "exercise.wrong", answer_text(q, r))) << "\n";
        explain(q, r);
        return true;
    }

    // After a wrong first answer, a clue from the trace that does not give the answer
    // away. For "what is in the ready queue": the events that led to the stop, to fold
    // by hand (the state would show the answer). For the others: what the loop holds
    // at the stop (the queue, the timers, who waits on what), where the answer starts.
    void clue(const Question& q, const Resolved& r, std::size_t index) {
        const tracer::Timeline& timeline = ex_.timeline;
        std::uint64_t from = index == 0 ? 0 : ex_.resolved[index - 1].stop + 1;
        from = std::max(from, r.stop >= CLUE_EVENTS ? r.stop - CLUE_EVENTS : 0);
        if (q.kind == QuestionKind::ready_queue) {
            if (from >= r.stop) return;  // no event since the last stop: the hint must do
            out_ << msg(lang_, "exercise.look_at_events", from, r.stop - 1) << "\n";
            for (std::uint64_t seq = from; seq < r.stop; ++seq) out_ << event_line(timeline.event(seq), timeline, style_) << "\n";
            return;
        }
        if (std::find(q.show.begin(), q.show.end(), "state") != q.show.end()) return;  // already shown
        out_ << message("exercise.look_at_state", lang_) << "\n";
        print_state(out_, timeline.state_at(r.stop), timeline, style_, lang_);
    }

    // The stop event. For a ready-queue question without its details: a tick.begin
    // would give away how many handles are ready.
    std::string stop_line(const Question& q, std::uint64_t stop) const {
        const tracer::Event& event = ex_.timeline.event(stop);
        if (q.kind != QuestionKind::ready_queue) return event_line(event, ex_.timeline, style_);
        return fmt::format("{:>5}  tick {:<3} t={:<5} {}", stop, event.tick, float_repr(event.t), tracer::kind_name(event.kind()));
    }

    // What the student sees before answering: the output so far, the stop, and
    // optionally the loop's state and the events since the last stop.
    void show_context(const Question& q, const Resolved& r, std::size_t index) {
        const tracer::Timeline& timeline = ex_.timeline;
        auto shows = [&](std::string_view what) { return std::find(q.show.begin(), q.show.end(), what) != q.show.end(); };
        std::uint64_t from = index == 0 ? 0 : ex_.resolved[index - 1].stop + 1;
        if (shows("events") && from < r.stop) {
            out_ << msg(lang_, "exercise.events_since", from, r.stop - 1) << "\n";
            for (std::uint64_t seq = from; seq < r.stop; ++seq) out_ << event_line(timeline.event(seq), timeline, style_) << "\n";
        }
        if (shows("prints")) {
            out_ << message("exercise.output_so_far", lang_) << "\n";
            bool any = false;
            for (std::uint64_t seq = 0; seq <= r.stop; ++seq) {
                const tracer::Event& event = timeline.event(seq);
                if (event.kind() != tracer::EventKind::print) continue;
                out_ << "  │ " << timeline.trace().str(event.as<tracer::ev::Print>().text) << "\n";
                any = true;
            }
            if (!any) out_ << "  │ " << style_.dim(message("exercise.nothing_yet", lang_)) << "\n";
        }
        const tracer::Event& stop = timeline.event(r.stop);
        out_ << msg(lang_, "exercise.stop", r.stop, stop.tick, float_repr(stop.t)) << "\n" << stop_line(q, r.stop) << "\n";
        if (shows("state")) print_state(out_, timeline.state_at(r.stop), timeline, style_, lang_);
    }

    // The events that decide the answer, and why asyncio does the one that matters most.
    void explain(const Question& q, const Resolved& r) {
        const tracer::Timeline& timeline = ex_.timeline;
        out_ << message("exercise.why", lang_) << "\n";
        for (std::uint64_t seq : r.deciding)
            out_ << (seq == r.focus ? style_.bold("->") : "  ") << event_line(timeline.event(seq), timeline, style_) << "\n";
        out_ << msg(lang_, "exercise.focus", r.focus) << "\n";
        print_explanation(out_, timeline.event(r.focus), timeline, lang_, style_);
        if (!q.explain.empty()) out_ << q.explain.in(lang_) << "\n";
    }

    const CheckedExercise& ex_;
    std::ostream& out_;
    Style style_;
    std::string lang_;
    std::size_t right_ = 0, first_try_ = 0;
};

// ---- grading answer files ----------------------------------------------------------------------

/// One answer a line, in question order; "N: answer" gives question N's answer.
/// Blank lines and lines starting with '#' are skipped.
std::vector<std::string> read_answers(const std::string& path, std::size_t questions) {
    std::ifstream in(path);
    if (!in) throw usage_error("error.cannot_read_answers", path, std::strerror(errno));
    std::vector<std::string> answers(questions);
    std::size_t next = 0, number = 0;
    for (std::string line; std::getline(in, line);) {
        ++number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        std::size_t start = line.find_first_not_of(" \t");
        if (start == std::string::npos || line[start] == '#') continue;
        std::size_t colon = line.find(':');
        std::size_t index = next;
        if (colon != std::string::npos && colon > start &&
            std::all_of(line.begin() + long(start), line.begin() + long(colon), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
            index = std::stoul(line.substr(start, colon - start)) - 1;
            line = line.substr(colon + 1);
        }
        if (index >= questions)
            throw usage_error("error.answer_beyond", path, number, index + 1, questions);
        answers[index] = line;
        next = index + 1;
    }
    return answers;
}

std::string csv_field(const std::string& text) {
    if (text.find_first_of(",\"\n") == std::string::npos) return text;
    std::string out = "\"";
    for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

void grade(const CheckedExercise& checked, const ExerciseArgs& args) {
    std::ostringstream csv;
    std::size_t n = checked.exercise.questions.size();
    csv << "student,exercise";
    for (std::size_t i = 1; i <= n; ++i) csv << ",q" << i;
    csv << ",score,out_of\n";
    for (const std::string& file : args.answers) {
        std::vector<std::string> answers = read_answers(file, n);
        std::size_t score = 0;
        csv << csv_field(fs::path(file).stem().string()) << "," << csv_field(checked.exercise.name);
        for (std::size_t i = 0; i < n; ++i) {
            bool right = is_right(checked.exercise.questions[i], checked.resolved[i], answers[i]);
            score += right;
            csv << "," << (right ? 1 : 0);
        }
        csv << "," << score << "," << n << "\n";
    }
    if (args.output.empty()) {
        std::cout << csv.str();
        return;
    }
    std::ofstream out(args.output, std::ios::binary);
    if (!out || !(out << csv.str()) || !out.flush()) throw usage_error("error.cannot_write", args.output, std::strerror(errno));
}

// ---- the subcommands ---------------------------------------------------------------------------

void list_command(const ExerciseArgs& args) {
    std::string lang = language(args);
    for (const fs::path& file : exercise_files(exercise_dir(args))) {
        Exercise e = read_exercise(file.string());
        std::cout << fmt::format("{:<34} {}  ({}, {})\n", e.name, e.title.in(lang), e.source(),
                                 msg(lang, "exercise.questions", e.questions.size()));
    }
}

void run_command(const ExerciseArgs& args) {
    CheckedExercise checked = check_exercise(read_exercise(exercise_path(args)));
    if (!args.answers.empty()) return grade(checked, args);
    ExerciseSession session(checked, std::cout, Style::from_option(args.color), language(args));
    session.run(std::cin, isatty(STDIN_FILENO));
}

void check_command(const ExerciseArgs& args) {
    std::string lang = language(args);
    for (const std::string& file : args.files) {
        CheckedExercise checked = check_exercise(read_exercise(file));
        const Exercise& e = checked.exercise;
        std::cout << msg(lang, "exercise.check_ok", file, e.questions.size(), e.source()) << "\n";
        for (std::size_t i = 0; i < e.questions.size(); ++i) {
            const Question& q = e.questions[i];
            std::cout << fmt::format("  {}. {:<12} stop at event {:<4} answer: {}\n", i + 1, kind_name(q.kind),
                                     checked.resolved[i].stop, answer_text(q, checked.resolved[i]));
            if (q.ask.zh.empty()) std::cerr << fmt::format("coolio-trace: warning: {}:{}: no 'ask.zh:'\n", file, q.line);
        }
        if (e.title.zh.empty()) std::cerr << "coolio-trace: warning: " << file << ": no 'title.zh:'\n";
    }
}

}  // namespace

void add_lang_option(CLI::App& cmd, std::string& lang) {
    cmd.add_option("--lang", lang, "en or zh (default: from LC_ALL, LC_MESSAGES or LANG)")
        ->check(CLI::IsMember({"en", "zh"}));
}

void add_exercise(CLI::App& app) {
    auto args = std::make_shared<ExerciseArgs>();
    CLI::App* cmd = app.add_subcommand("exercise", "Exercises: predict what the loop does next, then see it in the trace");
    cmd->require_subcommand(1);
    auto common = [&](CLI::App* sub) {
        sub->add_option("--dir", args->dir, "The folder of exercises (default: $COOLIO_EXERCISES_DIR, or exercises/)");
        add_lang_option(*sub, args->lang);
    };

    CLI::App* list = cmd->add_subcommand("list", "The exercises, in order");
    common(list);
    list->callback([args] { list_command(*args); });

    CLI::App* run = cmd->add_subcommand("run", "Do an exercise: answers are read from standard input");
    common(run);
    run->add_option("name", args->name, "An exercise's name (see exercise list) or file")->required();
    run->add_option("--answers", args->answers, "Grade these answer files instead (one answer a line), as CSV")
        ->expected(1, -1);
    run->add_option("-o,--output", args->output, "With --answers: write the CSV to this file");
    run->add_option("--color", args->color, "auto: colour when stdout is a terminal and NO_COLOR is unset")
        ->check(CLI::IsMember({"auto", "always", "never"}))
        ->capture_default_str();
    run->callback([args] { run_command(*args); });

    CLI::App* check = cmd->add_subcommand("check", "Validate exercise files and print the answers the trace gives");
    common(check);
    check->add_option("files", args->files, "Exercise files")->required();
    check->callback([args] { check_command(*args); });
}

}  // namespace coolio::cli

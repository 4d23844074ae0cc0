// `coolio-trace exercise`: the built-in exercises validate; answers typed at the
// prompt (from a pipe) are graded against the trace; answer files grade into CSV;
// broken exercise files are refused with FILE:LINE and exit code 2.
//
// No answer is written here: the right answers come from `exercise check`, which reads
// them from the trace, and a few of them are compared with what `show` and `run` say.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "support.hpp"

using coolio::testing::run_command;

namespace {

namespace fs = std::filesystem;

const std::string bin = COOLIO_TRACE_BIN;
const std::string source = COOLIO_SOURCE_DIR;
const std::string first = "01-sleep-wait-first-steps";

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

// What `exercise check` prints for each question: its kind, stop and answer.
struct CheckedQuestion {
    std::string kind;
    std::uint64_t stop;
    std::string answer;
};

std::vector<CheckedQuestion> checked(const std::string& file) {
    auto r = run_command(bin + " exercise check " + file + " --lang en");
    REQUIRE(r.status == 0);
    std::vector<CheckedQuestion> out;
    std::regex row(R"(  \d+\. (\w+)\s+stop at event (\d+)\s+answer: (.*))");
    for (const std::string& line : lines_of(r.output)) {
        std::smatch m;
        if (std::regex_match(line, m, row)) out.push_back({m[1], std::stoull(m[2]), m[3]});
    }
    return out;
}

std::string exercise_file(const std::string& name) { return source + "/exercises/" + name + ".exercise"; }

// Answers for `printf`: one a line, % and \ escaped.
std::string piped(const std::vector<std::string>& answers) {
    std::string text;
    for (const std::string& answer : answers) {
        for (char c : answer) text += c == '%' ? std::string("%%") : c == '\'' ? std::string("'\\''") : std::string(1, c);
        text += "\\n";
    }
    return "printf '" + text + "' | ";
}

std::vector<std::string> answers_of(const std::vector<CheckedQuestion>& questions) {
    std::vector<std::string> out;
    for (const auto& q : questions) out.push_back(q.answer);
    return out;
}

}  // namespace

TEST_SUITE("coolio-trace exercise") {
    TEST_CASE("every built-in exercise validates, in English and Chinese, and there are at least 12 in order") {
        std::vector<fs::path> files;
        for (const auto& entry : fs::directory_iterator(source + "/exercises"))
            if (entry.path().extension() == ".exercise") files.push_back(entry.path());
        std::sort(files.begin(), files.end());
        CHECK(files.size() >= 12);
        for (const fs::path& file : files) {
            INFO(file.string());
            auto r = run_command(bin + " exercise check " + file.string());
            CHECK(r.status == 0);
            CHECK(has(r.output, ": ok, "));
            CHECK_FALSE(has(r.output, "warning"));  // every ask and title has its .zh
        }
        auto list = lines_of(run_command(bin + " exercise list --lang en").output);
        REQUIRE(list.size() == files.size());
        for (std::size_t i = 0; i < files.size(); ++i) CHECK(list[i].rfind(files[i].stem().string(), 0) == 0);
        CHECK(has(run_command(bin + " exercise list --lang zh").output, "sleep/wait（1）：最初的几步"));
    }

    TEST_CASE("the answers come from the trace: they agree with what show and run report") {
        auto questions = checked(exercise_file(first));
        REQUIRE(questions.size() == 4);
        // Q1, which task steps first: the first task.step of the trace.
        auto steps = lines_of(run_command(bin + " show sleep_wait --kind task.step").output);
        CHECK(has(steps.front(), "task.step       " + questions[0].answer + " send(None)"));
        // Q2, the ready queue at the stop: the state model's, from show --states.
        auto states = lines_of(run_command(bin + " show sleep_wait --states").output);
        auto state = nlohmann::json::parse(states.at(questions[1].stop));
        std::string ready;
        for (const auto& h : state["ready"]) ready += (ready.empty() ? "" : ", ") + h["callback"].get<std::string>();
        CHECK(questions[1].answer == ready);
        // Q3, the first printed line: what the program prints first.
        auto printed = lines_of(run_command(bin + " run sleep_wait --quiet -o /dev/null").output);
        CHECK(questions[2].answer == printed.front());
    }

    TEST_CASE("right answers from a pipe score full marks, and each answer is explained with the events that decide it") {
        auto questions = checked(exercise_file(first));
        auto r = run_command(piped(answers_of(questions)) + bin + " exercise run " + first + " --lang en");
        CHECK(r.status == 0);
        CHECK(has(r.output, "Score: 4 of 4 right (4 at the first try)."));
        for (const auto& q : questions) CHECK(has(r.output, "Right: " + q.answer));
        CHECK(has(r.output, "Why, from the trace (the events that decide it):"));
        CHECK(has(r.output, "answer> Task-1\n"));  // answers from a pipe are echoed
    }

    TEST_CASE("a wrong answer gets the hint and a second try; a second wrong answer is shown the trace's answer") {
        auto questions = checked(exercise_file(first));
        // Question 1 wrong then right; question 2 wrong twice; the input then ends.
        auto r = run_command(piped({"Task-3", questions[0].answer, "nonsense", "still nonsense"}) + bin +
                             " exercise run " + first + " --lang en");
        CHECK(r.status == 0);
        CHECK(has(r.output, "Not quite.\nHint: run_until_complete wraps its argument"));
        // A clue from the trace: the state at the stop; for the ready queue, the events to fold.
        CHECK(has(r.output, "Look at what the loop holds at the stop point:\nState after event 0 (tick 0, t=0.0)"));
        CHECK(has(r.output, "Fold these events into the queue, one by one (events 1 to 18):\n    1  tick 0"));
        CHECK(has(r.output, "Right: " + questions[0].answer));
        CHECK(has(r.output, "Not quite: the trace says " + questions[1].answer));
        CHECK(has(r.output, "The input ended: the remaining questions are not answered."));
        CHECK(has(r.output, "Score: 1 of 4 right (0 at the first try)."));
    }

    TEST_CASE("the exercise runs in Chinese, with the stepper's Chinese explanations") {
        auto questions = checked(exercise_file(first));
        auto r = run_command(piped(answers_of(questions)) + bin + " exercise run " + first + " --lang zh");
        CHECK(has(r.output, "第 1 题（共 4 题）"));
        CHECK(has(r.output, "答对了：Task-1"));
        CHECK(has(r.output, "_run_once 弹出 ready 队列队首的 handle"));
        CHECK(has(r.output, "得分：4 题中答对 4 题（其中 4 题第一次就答对）。"));
        auto by_env = run_command(piped(answers_of(questions)) + "LC_ALL= LC_MESSAGES= LANG=zh_CN.UTF-8 " + bin +
                                  " exercise run " + first);
        CHECK(by_env.output == r.output);
    }

    TEST_CASE("answer files are graded into one CSV row per student") {
        auto questions = checked(exercise_file(first));
        fs::path dir = fs::temp_directory_path() / "coolio_grading_test";
        fs::create_directories(dir);
        {
            std::ofstream alice(dir / "alice.txt");
            alice << "# all right\n";
            for (const auto& q : questions) alice << q.answer << "\n\n";
            std::ofstream bob(dir / "bob.txt");
            bob << "Task-2\nempty\nWaiting: 3\nc b a\n";
            std::ofstream carol(dir / "carol.txt");  // numbered, out of order, one missing
            carol << "3: " << questions[2].answer << "\n1: " << questions[0].answer << "\n";
        }
        auto r = run_command(bin + " exercise run " + first + " --answers " + (dir / "alice.txt").string() + " " +
                             (dir / "bob.txt").string() + " " + (dir / "carol.txt").string());
        CHECK(r.status == 0);
        CHECK(lines_of(r.output) == std::vector<std::string>{
                                        "student,exercise,q1,q2,q3,q4,score,out_of",
                                        "alice," + first + ",1,1,1,1,4,4",
                                        "bob," + first + ",0,0,0,0,0,4",
                                        "carol," + first + ",1,0,1,0,2,4",
                                    });
        std::ofstream(dir / "dave.txt") << "9: Task-1\n";
        auto bad = run_command(bin + " exercise run " + first + " --answers " + (dir / "dave.txt").string());
        CHECK(bad.status == 2);
        CHECK(bad.output == "coolio-trace: " + (dir / "dave.txt").string() +
                                ":1: an answer to question 9, but the exercise has 4 questions\n");
        fs::remove_all(dir);
    }

    TEST_CASE("a broken exercise file is refused with one line naming the file and the line, exit code 2") {
        const std::string bad = source + "/tests/bad_exercises/";
        const std::vector<std::pair<std::string, std::string>> cases = {
            {"unknown_key.exercise:3", "unknown key 'titel' (before the questions: intro, intro.zh, program, runtime, scenario, title, title.zh, question)"},
            {"unknown_kind.exercise:4", "unknown question kind 'next_thing' (kinds: next_print, next_task, ready_queue, time_of, ticks_until, print_order, how_many, next_trap)"},
            {"no_ask.exercise:3", "this question has no 'ask:' (the question put to the student)"},
            {"program_line_outside.exercise:3", "a '|' line outside 'program:' (the program's lines follow 'program:')"},
            {"unknown_scenario.exercise:2", "'sleep_wiat' is neither a trace file nor a scenario"},
            {"no_such_stop.exercise:4", "no event matches 'print Waiting:  4' from event 0 on (the stop point)"},
            {"line_not_printed.exercise:6", "'Waiting:  4' is not printed after the stop point (event 0)"},
            {"lines_in_order.exercise:3", "the lines are listed in the order they are printed: list them shuffled"},
            {"key_for_other_kind.exercise:5", "'event:' is for time_of, ticks_until and how_many questions, not next_print"},
            {"unknown_event_kind.exercise:5", "unknown event kind 'task.teleport'"},
            {"not_key_value.exercise:5", "expected 'key: value', a '| ' program line or a '#' comment, not 'this line has no colon'"},
            {"no_question.exercise:2", "the exercise has no question (start one with 'question: KIND')"},
            {"bad_runtime.exercise:3", "'runtime:' is asyncio or curio, not 'trio'"},
            {"runtime_not_dual.exercise:2", "scenario 'call_soon_tasks' has no curio version (dual scenarios: "},
            {"trap_on_asyncio.exercise:3", "no trap after the stop point (event 0): is this a curio trace? (runtime: curio)"},
            {"count_one_event.exercise:4", "to count events, give only conditions: kind K / task T / tick N / print TEXT"},
        };
        for (const auto& [where, message] : cases) {
            std::string file = bad + where.substr(0, where.find(':'));
            INFO(where);
            auto r = run_command(bin + " exercise check " + file);
            CHECK(r.status == 2);
            CHECK(lines_of(r.output).size() == 1);
            CHECK(r.output.rfind("coolio-trace: " + bad + where + ": " + message, 0) == 0);
        }
        auto missing = run_command(bin + " exercise run no-such-exercise");
        CHECK(missing.status == 2);
        CHECK(has(missing.output, "no exercise 'no-such-exercise' in "));
    }

    TEST_CASE("asyncio vs curio: an exercise runs its scenario on the runtime it names, and curio's answers come from the kernel's trace") {
        const std::string file = exercise_file("14-asyncio-vs-curio");
        auto questions = checked(file);
        REQUIRE(questions.size() == 5);
        CHECK(has(run_command(bin + " exercise check " + file + " --lang en").output, "questions on sleep_wait on curio"));
        // The same run, traced by `run`, read back by `show`.
        const std::string trace = (fs::temp_directory_path() / "coolio_exercise_curio.jsonl").string();
        REQUIRE(run_command(bin + " run sleep_wait --runtime curio --quiet -o " + trace).status == 0);
        auto shown = [&](const std::string& filter) { return lines_of(run_command(bin + " show " + trace + " " + filter).output); };
        CHECK(questions[0].kind == "how_many");
        CHECK(questions[0].answer == std::to_string(shown("--kind future.new").size()));  // curio: none at all
        CHECK(questions[0].answer == "0");
        auto main_traps = shown("--kind trap --task Task-1");  // --task follows a task through the kernel's events too
        CHECK(main_traps.size() > 1);
        CHECK(questions[1].answer == std::to_string(main_traps.size()));
        CHECK(questions[2].kind == "next_trap");
        auto traps = shown("--kind trap --task Task-2");
        REQUIRE_FALSE(traps.empty());
        CHECK(has(traps.front(), "trap            Task-2 " + questions[2].answer + "(1.0)"));
        CHECK(questions[3].kind == "next_task");
        auto resumes = shown("--kind task.resume --tick 3");
        REQUIRE_FALSE(resumes.empty());
        CHECK(has(resumes.front(), "task.resume     " + questions[3].answer + " send(None) via ready queue"));
        CHECK(questions[4].kind == "ready_queue");
        auto wakes = shown("--kind task.wake --tick 3");
        REQUIRE(wakes.size() == 2);  // Task-2's sleep ends, then Task-2's end wakes the task joining it
        CHECK(has(wakes.back(), "task.wake       " + questions[4].answer + ": Task-2 terminated"));
        fs::remove(trace);

        // Right answers (a trap also without its prefix), then wrong ones, from a pipe.
        std::vector<std::string> answers = answers_of(questions);
        answers[2] = "sleep";
        auto right = run_command(piped(answers) + bin + " exercise run 14-asyncio-vs-curio --lang en");
        CHECK(right.status == 0);
        CHECK(has(right.output, "Score: 5 of 5 right (5 at the first try)."));
        CHECK(has(right.output, "Right: trap_sleep"));
        CHECK(has(right.output, "Type the trap's name, e.g. trap_spawn."));
        auto wrong = run_command(piped({"4", questions[0].answer, answers[1], "yield", "trap_yield", answers[3],
                                        "Task-2", "Task-2"}) + bin + " exercise run 14-asyncio-vs-curio --lang en");
        CHECK(wrong.status == 0);
        CHECK(has(wrong.output, "Not quite.\nHint: A curio sleep is a request to the kernel"));
        CHECK(has(wrong.output, "Not quite: the trace says trap_sleep"));
        CHECK(has(wrong.output, "Not quite: the trace says " + questions[4].answer));
        CHECK(has(wrong.output, "Score: 3 of 5 right (2 at the first try)."));
    }

    TEST_CASE("the second curio exercise: cancel is a trap, and the cancelled task runs next") {
        auto questions = checked(exercise_file("15-curio-cancel"));
        REQUIRE(questions.size() == 3);
        CHECK(questions[0].answer == "trap_cancel_task");
        CHECK(questions[1].answer == "Task-2");
        auto r = run_command(piped(answers_of(questions)) + bin + " exercise run 15-curio-cancel --lang zh");
        CHECK(has(r.output, "得分：3 题中答对 3 题（其中 3 题第一次就答对）。"));
        CHECK(has(r.output, "输入 trap 的名字，例如 trap_spawn。"));
    }
}

// Languages: every message and every explanation exists in English and Chinese, with
// the same placeholders; the narration, the stepper and the exercises speak Chinese
// with --lang zh or a Chinese LANG, and wrap Chinese text to the terminal's width.
#include <doctest/doctest.h>

#include <fmt/format.h>

#include <filesystem>
#include <map>
#include <set>

#include "coolio/tracer/event_kinds.hpp"
#include "coolio/tracer/explain.hpp"
#include "coolio/tracer/messages.hpp"
#include "support.hpp"

using coolio::testing::run_command;
using namespace coolio::tracer;

namespace {

const std::string bin = COOLIO_TRACE_BIN;

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The fields of a format string, as written: "{}", "{1}"…, in order.
std::vector<std::string> fields(std::string_view text) {
    std::vector<std::string> out;
    for (std::size_t at = text.find('{'); at != std::string_view::npos; at = text.find('{', at + 1))
        out.push_back(std::string(text.substr(at, text.find('}', at) - at + 1)));
    return out;
}

// Columns on a terminal: a CJK character (3 UTF-8 bytes from U+3000) takes two.
std::size_t columns(std::string_view line) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < line.size();) {
        auto c = static_cast<unsigned char>(line[i]);
        std::size_t bytes = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        n += (c >= 0xE3 && c <= 0xE9) || c == 0xEF ? 2 : 1;
        i += bytes;
    }
    return n;
}

}  // namespace

TEST_SUITE("languages") {
    TEST_CASE("every message key exists once, in English and in Chinese, with as many fields in each") {
        std::set<std::string_view> keys;
        for (const Message& m : messages()) {
            INFO(m.key);
            CHECK(keys.insert(m.key).second);
            CHECK_FALSE(m.en.empty());
            CHECK_FALSE(m.zh.empty());
            CHECK(fields(m.en).size() == fields(m.zh).size());
            // Both format with as many arguments, whatever their order.
            CHECK_NOTHROW((void)fmt::format(fmt::runtime(m.en), 1, 2, 3, 4));
            CHECK_NOTHROW((void)fmt::format(fmt::runtime(m.zh), 1, 2, 3, 4));
        }
        CHECK(std::vector<std::string_view>(languages().begin(), languages().end()) ==
              std::vector<std::string_view>{"en", "zh"});
    }

    TEST_CASE("every explanation row exists in English and in Chinese, and every kind has one") {
        std::map<std::pair<std::string_view, std::string_view>, std::set<std::string_view>> langs;
        for (const Explanation& row : explanations()) {
            langs[{row.kind, row.variant}].insert(row.lang);
            if (row.lang == "zh") CHECK(row.asyncio.empty());  // function names are not translated
        }
        for (const auto& [key, in] : langs) {
            INFO(key.first, " ", key.second);
            CHECK(in == std::set<std::string_view>{"en", "zh"});
        }
        for (const KindSpec& spec : event_kinds()) CHECK(langs.contains({spec.kind, ""}));
    }

    TEST_CASE("the language comes from --lang, else LC_ALL, LC_MESSAGES or LANG") {
        const std::string out = " -o " + (std::filesystem::temp_directory_path() / "coolio_lang_test.jsonl").string();
        auto zh = run_command(bin + " run sleep_wait" + out + " --lang zh").output;
        CHECK(has(zh, "  运行 Task-2.__step()\n"));
        CHECK(has(zh, "call_soon：Task-2.__wakeup(Future-6) 进入 ready 队列"));
        CHECK(has(zh, "Task-2 打印 │ Waiting:  1"));
        CHECK(has(zh, "运行结束（complete），tick 13，t=3.0"));
        CHECK(run_command("LC_ALL= LC_MESSAGES= LANG=zh_CN.UTF-8 " + bin + " run sleep_wait" + out).output == zh);
        CHECK(run_command("LC_ALL=zh_TW.UTF-8 LANG=en_US.UTF-8 " + bin + " run sleep_wait" + out).output == zh);
        auto en = run_command("LC_ALL=C LANG=zh_CN.UTF-8 " + bin + " run sleep_wait" + out).output;
        CHECK(has(en, "  run Task-2.__step()\n"));
        CHECK(run_command("LANG=zh_CN.UTF-8 " + bin + " run sleep_wait" + out + " --lang en").output == en);
        auto bad = run_command(bin + " run sleep_wait --lang fr");
        CHECK(bad.status == 2);
    }

    TEST_CASE("the stepper explains in Chinese, wrapped to 80 columns") {
        auto r = run_command("printf 'n\\nn\\ngoto tick 3\\nn\\nn\\nstate\\nh\\n' | " + bin + " step sleep_wait --lang zh");
        CHECK(r.status == 0);
        CHECK(has(r.output, "n：下一个事件"));
        CHECK(has(r.output, "事件 48 之后的状态（tick 3，t=1.0）"));
        CHECK(has(r.output, "  help, h, ? "));
        CHECK(has(r.output, " 这个列表\n"));
        CHECK(has(r.output, "  为什么   一个 Task 包装了一个协程。"));
        CHECK(has(r.output, "  asyncio  Task.__init__ (loop.create_task, asyncio.create_task, ensure_future)"));
        for (const std::string& line : [&] {
                 std::vector<std::string> out;
                 std::istringstream in(r.output);
                 for (std::string l; std::getline(in, l);) out.push_back(l);
                 return out;
             }()) {
            INFO(line);
            // The explanation: its first line, and the next ones indented by 11 columns.
            bool explanation = line.starts_with("  为什么") || (line.size() > 11 && line.starts_with("           ") && line[11] != ' ');
            if (explanation) CHECK(columns(line) <= 80);
        }
    }

    TEST_CASE("the curio kernel's narration speaks Chinese too, with curio's names left as they are") {
        const std::string out = " -o " + (std::filesystem::temp_directory_path() / "coolio_lang_curio.jsonl").string();
        auto zh = run_command(bin + " run sleep_wait --runtime curio --lang zh" + out);
        CHECK(zh.status == 0);
        CHECK(has(zh.output, "内核运行之前（cycle 0）：\n"));
        CHECK(has(zh.output, "── cycle 3 · t=0.0 · ready: 0 · 睡眠中: 3\n"));
        CHECK(has(zh.output, "  [处理时间]\n"));
        CHECK(has(zh.output, "    Task-2 执行 trap：trap_sleep(1.0)\n"));
        CHECK(has(zh.output, "    Task-2 停放（TIME_SLEEP）在 定时器堆 上，直到 t=1.0\n"));
        CHECK(has(zh.output, "  Task-2 回到 ready 队列：它的睡眠结束了\n"));
        CHECK(has(zh.output, "  Task-1 立刻继续（trap 没有阻塞）：向 main_task() send(Task-2)\n"));
        CHECK(has(zh.output, "    Task-2 结束：结果 None；有 1 个 Task 在等待 join 它\n"));
        CHECK(has(zh.output, "运行结束（complete），cycle 8，t=3.0"));
        // No English sentence is left in it.
        for (const char* english : {"parks", "resumes", "traps:", "goes back", "terminates", "Before the kernel", "[time handling]"})
            CHECK_MESSAGE(!has(zh.output, english), english);
        auto en = run_command(bin + " run sleep_wait --runtime curio --lang en" + out);
        CHECK(has(en.output, "    Task-2 parks (TIME_SLEEP) on timer until t=1.0\n"));
        CHECK(has(en.output, "  Task-2 goes back on the ready queue: its sleep is over\n"));
        CHECK(has(en.output, "The run ended (complete) at cycle 8, t=3.0"));
        // A cancellation thrown in, and a task woken by another's end.
        auto cancel = run_command(bin + " run cancel_sleeping --runtime curio --lang zh" + out).output;
        CHECK(has(cancel, "  Task-2 恢复运行：向 sleeper() throw TaskCancelled()\n"));
        CHECK(has(cancel, "    Task-1 回到 ready 队列：Task-2 已结束\n"));
    }

    TEST_CASE("the stepper's state, its changes and where speak Chinese") {
        auto r = run_command("printf 'break kind timer.due\\nc\\ninfo\\nwhere\\ng 999\\n' | " + bin +
                             " step sleep_wait --lang zh --color never");
        CHECK(r.status == 0);
        CHECK(has(r.output, "  变化     ready 队列：+futures._set_result_unless_cancelled(Future-6)\n"));
        CHECK(has(r.output, "           定时器：-futures._set_result_unless_cancelled(Future-6)\n"));
        CHECK(has(r.output, "  ready 队列   1  h5 futures._set_result_unless_cancelled(Future-6)\n"));
        CHECK(has(r.output, "  定时器       2  h6 futures._set_result_unless_cancelled(Future-7)  when=2.0\n"));
        CHECK(has(r.output, "                  h7 futures._set_result_unless_cancelled(Future-8)  when=3.0\n"));
        CHECK(has(r.output, "  Task         4  Task-1 wait() · 挂起，等待 Future-5 (_wait.waiter) · 1 步"));
        CHECK(has(r.output, "  Future       4  Future-5 (_wait.waiter) · 未完成 · 回调：Task-1.__wakeup()\n"));
        CHECK(has(r.output, "  正在运行       handle 无 · Task 无\n"));
        CHECK(has(r.output, "事件 48 时没有 Task 在运行：是事件循环自己在工作。\n等待再次运行的 Task：\n"));
        CHECK(has(r.output, "g: 没有事件 999（最后一个是 110）（用法：goto SEQ | tick N | start | end）\n"));
        // English is unchanged.
        auto en = run_command("printf 'break kind timer.due\\nc\\ninfo\\n' | " + bin + " step sleep_wait --lang en --color never");
        CHECK(has(en.output, "  changed  ready: +futures._set_result_unless_cancelled(Future-6)\n"));
        CHECK(has(en.output, "  ready     1  h5 futures._set_result_unless_cancelled(Future-6)\n"));
        CHECK(has(en.output, "  running     handle none · task none\n"));
    }

    TEST_CASE("a bad scenario name, option or file is one line in the command's language, exit code 2") {
        auto zh = run_command(bin + " run no_such_thing --lang zh");
        CHECK(zh.status == 2);
        CHECK(zh.output.rfind("coolio-trace: 未知的场景 'no_such_thing'（已有的场景：sleep_wait, ", 0) == 0);
        auto by_env = run_command("LC_ALL= LC_MESSAGES= LANG=zh_CN.UTF-8 " + bin + " show no_such_thing");
        CHECK(by_env.status == 2);
        CHECK(by_env.output.rfind("coolio-trace: 'no_such_thing' 既不是 trace 文件也不是场景", 0) == 0);
        auto curio = run_command(bin + " run call_soon_tasks --runtime curio --lang zh");
        CHECK(curio.status == 2);
        CHECK(has(curio.output, "场景 'call_soon_tasks' 没有 curio 版本（双运行时场景："));
        auto unwritable = run_command(bin + " run sleep_wait -o /no/such/dir/t.jsonl --lang zh");
        CHECK(unwritable.status == 2);
        CHECK(has(unwritable.output, "coolio-trace: 无法把 trace 写入 '/no/such/dir/t.jsonl'："));
        auto exercise = run_command(bin + " exercise check " + std::string(COOLIO_SOURCE_DIR) +
                                    "/tests/bad_exercises/no_ask.exercise --lang zh");
        CHECK(exercise.status == 2);
        CHECK(has(exercise.output, "/tests/bad_exercises/no_ask.exercise:3: 这道题没有 'ask:'（向学生提出的问题）\n"));
        auto en = run_command("LC_ALL=C " + bin + " run no_such_thing");
        CHECK(en.output.rfind("coolio-trace: unknown scenario 'no_such_thing' (known: sleep_wait, ", 0) == 0);
        // One line each.
        for (const auto* r : {&zh, &by_env, &curio, &unwritable, &exercise, &en})
            CHECK(std::count(r->output.begin(), r->output.end(), '\n') == 1);
    }
}

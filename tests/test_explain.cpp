// The explanations table (tracer/explain.hpp): every kind explained, naming asyncio.
#include <doctest/doctest.h>

#include <set>

#include "coolio/tracer/event_kinds.hpp"
#include "coolio/tracer/explain.hpp"
#include "coolio/tracer/messages.hpp"
#include "coolio/tracer/trace_events.hpp"
#include "scenario.hpp"
#include "support.hpp"

using namespace coolio;
using namespace coolio::tracer;

TEST_SUITE("the explanations") {
    TEST_CASE("every event kind has an English explanation that names the asyncio function") {
        for (const KindSpec& spec : event_kinds()) {
            const Explanation* row = find_explanation(spec.kind, "", "en");
            INFO(spec.kind);
            REQUIRE(row);
            CHECK(row->asyncio.size() > 3);
            CHECK(row->text.size() > 60);
            CHECK(row->text.back() == '.');
        }
    }

    TEST_CASE("every row is for a kind of the format, in a language, and variant rows add to a general row") {
        for (const Explanation& row : explanations()) {
            INFO(row.kind, " ", row.variant);
            CHECK(find_kind(row.kind));
            CHECK(known_language(row.lang));
            CHECK(find_explanation(row.kind, "", row.lang));
        }
    }

    TEST_CASE("a language without its own rows falls back to English") {
        CHECK(find_explanation("timer.due", "", "fr") == find_explanation("timer.due", "", "en"));
        CHECK(find_explanation("timer.due", "", "zh") != find_explanation("timer.due", "", "en"));
        CHECK(find_explanation("timer.due", "", "zh")->lang == "zh");
        CHECK_FALSE(find_explanation("no.such.kind"));
    }

    TEST_CASE("the sleep's timer is explained as tasks.sleep's, a wakeup as Task.__wakeup's") {
        MemorySink sink;
        scenarios::run(*scenarios::find("sleep_wait"), {"virtual", &sink, nullptr});
        TraceEvents trace = parse_trace_events(sink.text(), "sleep_wait");
        bool timer = false, wakeup = false;
        for (const tracer::Event& event : trace.events) {
            EventExplanation why = explain_event(event, trace);
            CHECK_FALSE(why.text.empty());
            if (event.kind() == EventKind::timer_due) {
                CHECK(why.asyncio.find("tasks.sleep") != std::string::npos);
                CHECK(why.asyncio.find("BaseEventLoop._run_once") != std::string::npos);
                timer = true;
            }
            if (event.kind() == EventKind::handle_run && explanation_variant(event, trace) == "__wakeup") {
                CHECK(why.asyncio.find("Task.__wakeup") != std::string::npos);
                wakeup = true;
            }
        }
        CHECK(timer);
        CHECK(wakeup);
    }

    TEST_CASE("a callback's function is the name before its arguments, after its object") {
        CHECK(callback_function("futures._set_result_unless_cancelled(Future-6)") == "_set_result_unless_cancelled");
        CHECK(callback_function("Task-2.__wakeup(Future-6)") == "__wakeup");
        CHECK(callback_function("_on_completion(Task-2)") == "_on_completion");
        CHECK(callback_function("tick") == "tick");
    }

    TEST_CASE("in a curio trace every event is explained with the curio function it corresponds to") {
        MemorySink sink;
        scenarios::run(*scenarios::find("cancel_sleeping"), {"virtual", &sink, nullptr, "curio"});
        TraceEvents trace = parse_trace_events(sink.text(), "cancel_sleeping");
        REQUIRE(is_curio(trace));
        std::set<std::string> functions;
        for (const tracer::Event& event : trace.events) {
            EventExplanation why = explain_event(event, trace);
            INFO(kind_name(event.kind()));
            CHECK_FALSE(why.text.empty());
            CHECK(why.asyncio.find("BaseEventLoop") == std::string::npos);  // no asyncio text in a curio trace
            functions.insert(why.asyncio);
        }
        for (std::string curio_function : {"trap_sleep · the traps table of kernel_run", "_reschedule_task", "_new_task",
                                           "kernel_run: time handling → the sleep queue · kernel_run"})
            CHECK_MESSAGE(functions.count(curio_function), curio_function);
    }
}

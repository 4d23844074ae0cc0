// explain.hpp — what asyncio does at each kind of event, and why: explanations as data.
//
// One table (explain.cpp) holds every text. Each row is keyed by event kind, a
// variant and a language. The row with an empty variant explains the kind in general;
// rows with a variant add a note for one case of it: the callback a handle runs
// ("__wakeup"), the label of a new future ("sleep"), why a task suspended ("yield")…
// explanation_variant() says which variant an event is. Texts are in English ("en",
// explain.cpp) and Chinese ("zh", explain_zh.cpp); a test checks that each row exists
// in both. A translated row leaves `asyncio` empty: function names are not translated,
// so explain_event() takes them from the English row. Missing rows fall back to English.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "coolio/tracer/event.hpp"
#include "coolio/tracer/trace_events.hpp"

namespace coolio::tracer {

/// One row of the table.
struct Explanation {
    std::string_view kind;     ///< event kind, e.g. "timer.due"
    std::string_view variant;  ///< "" for the kind's general row
    std::string_view lang;     ///< "en", …
    std::string_view asyncio;  ///< the asyncio function(s) this corresponds to (curio's, for curio rows)
    std::string_view text;     ///< a few sentences, in `lang`
};

/// Every row, general rows first within each kind.
const std::vector<Explanation>& explanations();

/// The row for (kind, variant) in `lang`, or in English if `lang` has none; null if
/// there is no such row.
const Explanation* find_explanation(std::string_view kind, std::string_view variant = {},
                                    std::string_view lang = "en");

/// Which variant row applies to `event`: the callback's function name for handle
/// events ("__wakeup"), the label for future.new, the reason for task.suspend, the
/// mode for task.step, the outcome for task.done and future.resolve, … ("" if none).
std::string explanation_variant(const Event& event, const TraceEvents& trace);

/// The explanation of one event: the general text of its kind followed by the note
/// of its variant, and the asyncio functions of both.
struct EventExplanation {
    std::string asyncio;  ///< e.g. "BaseEventLoop._run_once"; "tasks.sleep · loop.create_future"
    std::string text;
};
EventExplanation explain_event(const Event& event, const TraceEvents& trace, std::string_view lang = "en");

/// Was `trace` made by the curio kernel (its header's runtime)?
bool is_curio(const TraceEvents& trace);

/// "_set_result_unless_cancelled" for "futures._set_result_unless_cancelled(Future-6)",
/// "__wakeup" for "Task-2.__wakeup(Future-6)".
std::string_view callback_function(std::string_view callback);

}  // namespace coolio::tracer

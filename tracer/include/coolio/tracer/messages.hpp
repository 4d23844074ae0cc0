// messages.hpp — the texts the tools print, in every language they speak.
//
// One table (messages.cpp) holds each message once per language, under a key:
// "narrate.call_soon" → "call_soon: {} joins the ready queue" (en) and the same in
// Chinese (zh). Texts are fmt format strings; callers format them with
// fmt::format(fmt::runtime(message(key, lang)), args…). asyncio's own names
// (call_soon, Task, Future, _run_once, send/throw) stay untranslated in every
// language: they are what a student will meet in asyncio's source.
//
// The explanations of events (explain.hpp) have their own table, by event kind and
// variant; this one holds everything else. A test checks that every key and every
// explanation row exists in every language.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace coolio::tracer {

/// The languages every message exists in: "en" first (the fallback), then "zh".
std::span<const std::string_view> languages();

/// One message: its key and its text in each language of languages(), in order.
struct Message {
    std::string_view key;
    std::string_view en;
    std::string_view zh;
};

/// Every message, grouped by the tool that prints it.
const std::vector<Message>& messages();

/// The text of `key` in `lang` (English for a language without it); throws
/// std::out_of_range for a key that does not exist (a bug, caught by the tests).
std::string_view message(std::string_view key, std::string_view lang);

/// True if `lang` is one of languages().
bool known_language(std::string_view lang);

/// The language to use when none is asked for: "zh" if LC_ALL, or else LANG, starts
/// with "zh" (zh_CN.UTF-8, zh_TW…), otherwise "en". Both unset or "C": "en".
std::string default_language();

}  // namespace coolio::tracer

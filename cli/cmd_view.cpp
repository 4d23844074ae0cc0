// cmd_view.cpp — `coolio-trace view TRACE [TRACE2]`: one HTML file holding the viewer
// and the trace (or two traces, shown side by side on one time axis).
//
// The viewer (web-viewer/) is a static page: index.html loads viewer.css and a few
// classic scripts. Built into coolio-trace (see web-viewer/embed.cmake), those files
// are inlined here into index.html, and the trace is added as the text of a
// <script type="application/x-coolio-trace"> element, which the browser never runs:
// the page reads it back with the same parser it uses for a file that is dropped on it.
// The result works offline, from disk or as an e-mail attachment.
//
// index.html's Content-Security-Policy lets the page run the scripts of its own folder
// ('self') and nothing else. Inlined, the scripts have no folder: here 'self' becomes
// the SHA-256 hash of each inlined script and of the stylesheet (computed at build time
// by embed.cmake), so the page runs exactly those and, like the original, loads nothing.
//
// Also here: the hidden `coolio-trace web-data`, which prints the page's data files from
// the C++ tables, so that the page and the command line share one source of truth:
//   web-data kinds         web-viewer/kinds.js: the event kinds and their fields
//   web-data explanations  web-viewer/explanations.js: the stepper's explanations
//   web-data explain TRACE the explanation of each event, one JSON line each (the
//                          browser tests compare the page's explain() with it);
//                          --lang zh for the Chinese one
#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "coolio/tracer/event_kinds.hpp"
#include "coolio/tracer/explain.hpp"
#include "coolio/tracer/timeline.hpp"
#include "coolio/tracer/trace_events.hpp"
#include "coolio/tracer/tracer.hpp"
#include "viewer_assets.hpp"

namespace coolio::cli {

namespace {

struct ViewArgs {
    std::vector<std::string> traces;  // one, or two to compare
    std::string output;
};

/// "run.trace.jsonl" → "run.html"; other names just get ".html" instead of ".jsonl".
std::string default_page_name(const std::string& trace) {
    for (std::string_view suffix : {".trace.jsonl", ".jsonl"}) {
        if (trace.size() > suffix.size() && trace.ends_with(suffix))
            return trace.substr(0, trace.size() - suffix.size()) + ".html";
    }
    return trace + ".html";
}

/// Text for an HTML attribute value in double quotes.
std::string html_attribute(std::string_view text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

/// The trace text, safe inside a <script> element. A checked trace has '<' only inside
/// JSON strings, where "\u003c" means the same character: so "</script>" and "<!--" in
/// a task name or a printed line can neither end the element nor confuse the HTML
/// parser, and the page reads back exactly the events of the file, on the same lines.
std::string script_safe(std::string_view trace_text) {
    std::string out;
    out.reserve(trace_text.size());
    for (char c : trace_text) {
        if (c == '<') out += "\\u003c";
        else out += c;
    }
    return out;
}

const ViewerAsset& find_asset(const std::vector<ViewerAsset>& assets, std::string_view name) {
    for (const ViewerAsset& asset : assets)
        if (asset.name == name) return asset;
    // index.html names a file that embed.cmake did not pick up: a build problem.
    throw std::logic_error("the viewer's index.html refers to '" + std::string(name) +
                           "', which is not built into coolio-trace");
}

/// Replaces each `open NAME close` in `page` by what `inline_file(NAME)` returns.
std::string replace_references(const std::string& page, std::string_view open, std::string_view close,
                               const std::function<std::string(std::string_view)>& inline_file) {
    std::string out;
    std::size_t pos = 0;
    while (true) {
        std::size_t start = page.find(open, pos);
        if (start == std::string::npos) break;
        std::size_t name_start = start + open.size();
        std::size_t end = page.find(close, name_start);
        if (end == std::string::npos) break;
        out.append(page, pos, start - pos);
        out += inline_file(std::string_view(page).substr(name_start, end - name_start));
        pos = end + close.size();
    }
    out.append(page, pos);
    return out;
}

/// A CSP hash source for a SHA-256 given in hex: 'sha256-BASE64'.
std::string csp_hash_source(std::string_view sha256_hex) {
    static constexpr std::string_view digits = "0123456789abcdef";
    static constexpr std::string_view base64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string bytes;
    for (std::size_t i = 0; i + 1 < sha256_hex.size(); i += 2)
        bytes += static_cast<char>(digits.find(sha256_hex[i]) * 16 + digits.find(sha256_hex[i + 1]));
    std::string out = "'sha256-";
    for (std::size_t i = 0; i < bytes.size(); i += 3) {
        std::uint32_t group = static_cast<unsigned char>(bytes[i]) << 16;
        if (i + 1 < bytes.size()) group |= static_cast<unsigned char>(bytes[i + 1]) << 8;
        if (i + 2 < bytes.size()) group |= static_cast<unsigned char>(bytes[i + 2]);
        const std::size_t chars = std::min<std::size_t>(bytes.size() - i, 3) + 1;  // 1..3 bytes: 2..4 digits
        for (std::size_t k = 0; k < 4; ++k) out += k < chars ? base64[(group >> (18 - 6 * k)) & 63] : '=';
    }
    return out + "'";
}

/// Replaces the one occurrence of `from` in `page` by `to`.
void replace_once(std::string& page, std::string_view from, const std::string& to) {
    std::size_t at = page.find(from);
    if (at == std::string::npos)
        throw std::logic_error("the viewer's index.html lacks " + std::string(from) + ", which view replaces");
    page.replace(at, from.size(), to);
}

/// index.html with its stylesheet and scripts inlined and the traces embedded (the
/// page opens two as two timelines on one axis).
std::string build_page(const std::vector<PageTrace>& traces) {
    const std::vector<ViewerAsset> assets = viewer_assets();
    std::string page = find_asset(assets, "index.html").text;
    std::string script_hashes, style_hashes;
    page = replace_references(page, "<link rel=\"stylesheet\" href=\"", "\">", [&](std::string_view name) {
        const ViewerAsset& asset = find_asset(assets, name);
        style_hashes += " " + csp_hash_source(asset.inlined_sha256);
        return "<style>\n" + asset.text + "</style>";
    });
    page = replace_references(page, "<script src=\"", "\"></script>", [&](std::string_view name) {
        const ViewerAsset& asset = find_asset(assets, name);
        script_hashes += " " + csp_hash_source(asset.inlined_sha256);
        return "<script>\n" + asset.text + "</script>";
    });
    replace_once(page, "script-src 'self'", "script-src" + script_hashes);
    replace_once(page, "style-src 'self'", "style-src" + style_hashes);
    const std::string marker = "<!-- coolio-trace view: the trace goes here -->";
    std::size_t at = page.find(marker);
    if (at == std::string::npos) throw std::logic_error("the viewer's index.html lacks the trace marker");
    std::string embedded;
    for (std::size_t i = 0; i < traces.size(); ++i) {
        embedded += "<script type=\"application/x-coolio-trace\" id=\"embedded-trace" +
                    std::string(i ? "-" + std::to_string(i + 1) : "") + "\" data-name=\"" +
                    html_attribute(traces[i].name) + "\">\n" + script_safe(traces[i].text) + "</script>";
    }
    page.replace(at, marker.size(), embedded);
    return page;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw usage_error("error.cannot_read", path, std::strerror(errno));
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

void view_command(const ViewArgs& args) {
    // Check every line, and fold the events into the loop's state as the stepper does:
    // a broken trace, or one whose events contradict each other (a run of a handle that
    // was never queued…), gets "FILE:LINE: problem" and exit 2, as `step` and `show`
    // give, not a page that shows nonsense.
    std::vector<PageTrace> traces;
    std::string counts;
    for (const std::string& path : args.traces) {
        const tracer::Timeline timeline(tracer::read_trace_events(path));
        for (const std::string& warning : timeline.trace().warnings) std::cerr << "coolio-trace: warning: " << warning << "\n";
        traces.push_back({read_file(path), path.substr(path.find_last_of('/') + 1)});
        counts += (counts.empty() ? "" : " + ") + std::to_string(timeline.size());
    }
    // Two traces: "A.compare.html" beside the first, unless -o says where.
    std::string output = args.output;
    if (output.empty()) {
        output = default_page_name(args.traces[0]);
        if (traces.size() == 2) output.insert(output.size() - 5, ".compare");
    }
    write_view_page(traces, output);
    std::cout << "Wrote " << output << " (" << counts << " events" << (traces.size() == 2 ? ", side by side" : "")
              << "): open it in a web browser; it needs no other file.\n";
}

/// web-viewer/kinds.js, from event_kinds().
void print_kinds_js(std::ostream& out) {
    out << "// kinds.js — the event kinds of the trace format and their fields, as data.\n"
           "//\n"
           "// GENERATED from tracer/src/event_kinds.cpp, the table the C++ reader checks\n"
           "// traces with, by:  coolio-trace web-data kinds > web-viewer/kinds.js\n"
           "// Do not edit by hand; a browser test fails when the two differ.\n"
           "(function (Coolio) {\n"
           "  'use strict';\n"
           "  Coolio.FORMAT_VERSION = "
        << tracer::FORMAT_VERSION
        << ";\n"
           "  // [name, type, required]; the types are those of FieldType in event_kinds.hpp.\n"
           "  Coolio.KINDS = [\n";
    for (const tracer::KindSpec& spec : tracer::event_kinds()) {
        out << "    { kind: " << nlohmann::json(spec.kind).dump() << ", summary: " << nlohmann::json(spec.summary).dump()
            << ", fields: [";
        for (std::size_t i = 0; i < spec.fields.size(); ++i) {
            const tracer::FieldSpec& field = spec.fields[i];
            std::string_view type;
            switch (field.type) {
                case tracer::FieldType::integer: type = "integer"; break;
                case tracer::FieldType::number: type = "number"; break;
                case tracer::FieldType::number_or_null: type = "number_or_null"; break;
                case tracer::FieldType::integer_or_null: type = "integer_or_null"; break;
                case tracer::FieldType::string: type = "string"; break;
                case tracer::FieldType::string_or_null: type = "string_or_null"; break;
                case tracer::FieldType::integer_array: type = "integer_array"; break;
                case tracer::FieldType::string_array: type = "string_array"; break;
            }
            out << (i ? ", " : "") << "[" << nlohmann::json(field.name).dump() << ", \"" << type << "\", "
                << (field.required ? "true" : "false") << "]";
        }
        out << "] },\n";
    }
    out << "  ];\n"
           "})(globalThis.Coolio = globalThis.Coolio || {});\n";
}

/// web-viewer/explanations.js, from explanations().
void print_explanations_js(std::ostream& out) {
    out << "// explanations.js — what asyncio does at each kind of event, and why; and the\n"
           "// state panel's labels, in every language.\n"
           "//\n"
           "// GENERATED from tracer/src/explain.cpp (the stepper's table) and the \"viewer.\" keys\n"
           "// of tracer/src/messages.cpp by:\n"
           "//   coolio-trace web-data explanations > web-viewer/explanations.js\n"
           "// Do not edit by hand; a browser test fails when the two differ. explain.js uses it.\n"
           "(function (Coolio) {\n"
           "  'use strict';\n"
           "  // [kind, variant, lang, asyncio, text]; variant \"\" is the kind's general row.\n"
           "  Coolio.EXPLANATIONS = [\n";
    for (const tracer::Explanation& row : tracer::explanations()) {
        out << "    [" << nlohmann::json(row.kind).dump() << ", " << nlohmann::json(row.variant).dump() << ", "
            << nlohmann::json(row.lang).dump() << ",\n     " << nlohmann::json(row.asyncio).dump() << ",\n     "
            << nlohmann::json(row.text).dump() << "],\n";
    }
    out << "  ];\n"
           "  // key → {en, zh}: fmt-style texts, {} filled in order, {1} by position.\n"
           "  Coolio.LABELS = {\n";
    for (const tracer::Message& m : tracer::messages()) {
        if (!m.key.starts_with("viewer.")) continue;
        out << "    " << nlohmann::json(m.key).dump() << ": {\"en\": " << nlohmann::json(m.en).dump()
            << ", \"zh\": " << nlohmann::json(m.zh).dump() << "},\n";
    }
    out << "  };\n"
           "})(globalThis.Coolio = globalThis.Coolio || {});\n";
}

/// One JSON line per event of `path`: {"seq", "variant", "asyncio", "text"}, in `lang`.
void print_event_explanations(const std::string& path, std::ostream& out, const std::string& lang) {
    tracer::TraceEvents trace = tracer::read_trace_events(path);
    for (std::size_t seq = 0; seq < trace.events.size(); ++seq) {
        const tracer::Event& event = trace.events[seq];
        tracer::EventExplanation explanation = tracer::explain_event(event, trace, lang);
        out << nlohmann::json{{"seq", seq},
                              {"variant", tracer::explanation_variant(event, trace)},
                              {"asyncio", explanation.asyncio},
                              {"text", explanation.text}}
                   .dump()
            << "\n";
    }
}

struct WebDataArgs {
    std::string what;
    std::string trace;
    std::string lang = "en";
};

void web_data_command(const WebDataArgs& args) {
    if (args.what == "kinds") print_kinds_js(std::cout);
    else if (args.what == "explanations") print_explanations_js(std::cout);
    else if (args.trace.empty()) throw usage_error("error.web_data_trace");
    else print_event_explanations(args.trace, std::cout, args.lang);
}

}  // namespace

void write_view_page(const std::vector<PageTrace>& traces, const std::string& output) {
    std::string page = build_page(traces);
    std::ofstream out(output, std::ios::binary);
    if (!out || !out.write(page.data(), std::streamsize(page.size())) || !out.flush())
        throw usage_error("error.cannot_write_page", output, std::strerror(errno));
}

void add_view(CLI::App& app) {
    auto args = std::make_shared<ViewArgs>();
    CLI::App* view = app.add_subcommand(
        "view", "Write one self-contained HTML page that shows TRACE as a timeline you can step through "
                "(two traces: side by side on one time axis)");
    view->add_option("traces", args->traces, "The trace file (*.trace.jsonl); a second one to compare with it")
        ->required()
        ->expected(1, 2);
    view->add_option("-o,--output", args->output,
                     "The page to write (default: TRACE with .trace.jsonl → .html; two traces: → .compare.html)");
    view->callback([args] { view_command(*args); });

    // Hidden (empty group): generates the data files of web-viewer/ from the C++ tables.
    auto data_args = std::make_shared<WebDataArgs>();
    CLI::App* data = app.add_subcommand("web-data", "Print a generated file of web-viewer/")->group("");
    data->add_option("what", data_args->what, "kinds, explanations, or explain (with TRACE)")
        ->required()
        ->check(CLI::IsMember({"kinds", "explanations", "explain"}));
    data->add_option("trace", data_args->trace, "The trace, for explain");
    data->add_option("--lang", data_args->lang, "explain: the language")->check(CLI::IsMember({"en", "zh"}));
    data->callback([data_args] { web_data_command(*data_args); });
}

}  // namespace coolio::cli

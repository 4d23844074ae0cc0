// json_scan.hpp — reads one line of JSON into a flat list of members, without a tree.
//
// Trace lines are flat objects: numbers, strings, null, and arrays of numbers or of
// strings. JsonLineScanner checks that a line is valid JSON (any JSON: nested values
// are checked and skipped) and hands back the top-level members with their values
// already typed, pointing into the line (or into a scratch buffer for strings that
// had escapes). Reused from line to line, it allocates nothing once warmed up.
// Private to the tracer library: trace_events.cpp is its only user.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace coolio::tracer::detail {

/// What a member's value is, as far as the trace format cares.
enum class JsonType : std::uint8_t {
    null,
    boolean,
    whole,   ///< an integer 0 … 2^53-1 written without fraction or exponent
    number,  ///< any other number
    string,
    array,   ///< see JsonValue::all_whole / all_strings
    object,
};

/// One top-level member's value.
struct JsonValue {
    JsonType type = JsonType::null;
    bool boolean = false;
    std::uint64_t whole = 0;  ///< with JsonType::whole
    double number = 0;        ///< with whole and number
    std::string_view text;    ///< with string (escapes resolved)
    // With array: where its items are in the scanner, and whether they all have one type
    // (an empty array has both).
    bool all_whole = false, all_strings = false;
    std::uint32_t items_begin = 0, items_size = 0;
};

struct JsonMember {
    std::string_view key;
    JsonValue value;
};

/// Scans lines, one at a time; each scan() invalidates what the previous one returned.
class JsonLineScanner {
public:
    /// Parses `line`. False if it is not valid JSON; otherwise is_object() tells
    /// whether it was an object, and members() lists its members in order.
    bool scan(std::string_view line);
    bool is_object() const noexcept { return is_object_; }
    const std::vector<JsonMember>& members() const noexcept { return members_; }
    /// The items of an array whose all_whole is true.
    std::span<const std::uint64_t> wholes(const JsonValue& array) const {
        return {wholes_.data() + array.items_begin, array.items_size};
    }
    /// The items of an array whose all_strings is true.
    std::span<const std::string_view> strings(const JsonValue& array) const {
        return {strings_.data() + array.items_begin, array.items_size};
    }

private:
    bool parse_member_value(JsonValue& value);
    bool parse_array(JsonValue& value);
    bool parse_string(std::string_view& out);
    bool parse_number(JsonValue& value);
    bool skip_value(int depth);
    bool literal(std::string_view word);
    void skip_space() noexcept {
        // JSON's four whitespace characters are all <= ' ': one comparison rules out the rest.
        while (pos_ < text_.size() && static_cast<unsigned char>(text_[pos_]) <= ' ' &&
               (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\r' || text_[pos_] == '\n'))
            ++pos_;
    }
    bool at(char c) const noexcept { return pos_ < text_.size() && text_[pos_] == c; }

    std::string_view text_;
    std::size_t pos_ = 0;
    bool is_object_ = false;
    std::vector<JsonMember> members_;
    std::vector<std::uint64_t> wholes_;
    std::vector<std::string_view> strings_;
    std::string unescaped_;  // reserved to the line's length, so views into it stay valid
};

}  // namespace coolio::tracer::detail

// json_line.hpp — writes one JSON object on one line, field by field.
//
// The tracer writes an event for everything the loop does, so this sits on the hot
// path: a traced run spends most of its time here. So the line is written straight
// into a buffer the JsonLine owns, through a plain pointer: each piece first asks for
// enough room (one comparison), then copies its bytes without further checks. There
// is no intermediate JSON tree, no temporary string, and no allocation once the
// buffer has grown to the longest line. Keys are the caller's literals, so their
// length is known when this inline code is compiled and copying one costs a few moves.
// Field order is fixed by the caller, which is what makes traces byte-identical.
#pragma once

#include <charconv>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace coolio::tracer {

/// Appends `text` to `out` as a JSON string literal (quoted and escaped). Bytes that
/// are not valid UTF-8 are replaced by U+FFFD so that every line stays valid JSON.
void append_json_string(std::string& out, std::string_view text);
/// Appends a double as a JSON number: the shortest text that reads back the same
/// ("3.0", "0.1"); NaN and infinities, which JSON cannot hold, become null.
void append_json_number(std::string& out, double value);

/// Builds one line: begin(), then fields, then end() appends "}\n" and gives the line.
class JsonLine {
public:
    JsonLine() : buffer_(256, '\0') {}
    JsonLine& begin() {
        size_ = 0;
        put('{');
        first_ = true;
        return *this;
    }
    JsonLine& field(std::string_view key, std::string_view value) {
        key_(key);
        string_(value);
        return *this;
    }
    JsonLine& field(std::string_view key, const char* value) { return field(key, std::string_view(value)); }
    /// A string value that is one of the format's own words ("handle.run", "send",
    /// "result"): plain ASCII that needs no escaping, so it is copied as it is.
    JsonLine& word(std::string_view key, std::string_view value) {
        key_(key);
        char* out = room(value.size() + 2);
        *out++ = '"';
        std::memcpy(out, value.data(), value.size());
        out += value.size();
        *out++ = '"';
        written(out);
        return *this;
    }
    JsonLine& field(std::string_view key, std::uint64_t value) {
        key_(key);
        integer_(value);
        return *this;
    }
    /// (Handle ids are 32-bit: without this, the call would be ambiguous.)
    JsonLine& field(std::string_view key, std::uint32_t value) { return field(key, std::uint64_t{value}); }
    JsonLine& field(std::string_view key, int value) {
        key_(key);
        integer_(value);
        return *this;
    }
    JsonLine& field(std::string_view key, double value);
    JsonLine& field(std::string_view key, bool value) {
        key_(key);
        put(value ? std::string_view("true") : std::string_view("false"));
        return *this;
    }
    JsonLine& field(std::string_view key, std::optional<double> value) {
        if (value) return field(key, *value);
        return null(key);
    }
    JsonLine& null(std::string_view key) {
        key_(key);
        put("null");
        return *this;
    }
    JsonLine& field(std::string_view key, const std::vector<std::uint64_t>& values) {
        key_(key);
        put('[');
        for (std::size_t i = 0; i < values.size(); ++i) {
            if (i) put(',');
            integer_(values[i]);
        }
        put(']');
        return *this;
    }
    JsonLine& field(std::string_view key, const std::vector<std::string_view>& values) {
        key_(key);
        put('[');
        for (std::size_t i = 0; i < values.size(); ++i) {
            if (i) put(',');
            string_(values[i]);
        }
        put(']');
        return *this;
    }

    // A string value written in pieces, for text the caller has in parts (a handle's
    // "Task-2.__wakeup(Future-7)"): open_string(key), then any number of
    // string_part(text), then close_string(). The parts are escaped as one string.
    JsonLine& open_string(std::string_view key) {
        key_(key);
        put('"');
        return *this;
    }
    JsonLine& string_part(std::string_view text) {
        escaped_(text);
        return *this;
    }
    JsonLine& close_string() {
        put('"');
        return *this;
    }

    /// Closes the object and the line; the view is valid until the next begin().
    std::string_view end() {
        put("}\n");
        return {buffer_.data(), size_};
    }

private:
    // Room for `n` more bytes; returns where they go. The caller writes them and
    // then moves size_ on (written()).
    char* room(std::size_t n) {
        if (buffer_.size() - size_ < n) grow(n);
        return buffer_.data() + size_;
    }
    void written(const char* end) { size_ = std::size_t(end - buffer_.data()); }
    void grow(std::size_t n);

    void put(char c) { *room(1) = c, ++size_; }
    void put(std::string_view text) {
        std::memcpy(room(text.size()), text.data(), text.size());
        size_ += text.size();
    }
    // Keys are the format's own field names (plain ASCII words): they need no escaping.
    void key_(std::string_view key) {
        char* out = room(key.size() + 4);
        if (!first_) *out++ = ',';
        first_ = false;
        *out++ = '"';
        std::memcpy(out, key.data(), key.size());
        out += key.size();
        *out++ = '"';
        *out++ = ':';
        written(out);
    }
    template <class Integer>
    void integer_(Integer value) {
        char* out = room(24);  // the longest 64-bit integer has 20 digits and a sign
        written(std::to_chars(out, out + 24, value).ptr);
    }
    void string_(std::string_view text) {
        put('"');
        escaped_(text);
        put('"');
    }
    void escaped_(std::string_view text);

    std::string buffer_;  // never shrinks; only its first size_ bytes are the line
    std::size_t size_ = 0;
    bool first_ = true;
    std::string scratch_;  // a number's text, before it is copied into the line
};

}  // namespace coolio::tracer

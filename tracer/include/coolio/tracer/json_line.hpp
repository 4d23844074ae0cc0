// json_line.hpp — writes one JSON object on one line, field by field.
//
// The tracer writes an event for everything the loop does, so this sits on the hot
// path: it appends straight into a reused string, in the order the fields are given,
// with no intermediate JSON tree, no temporary strings (numbers are written in place
// with to_chars) and no allocation once the string has grown.
// Field order is fixed by the caller, which is what makes traces byte-identical.
#pragma once

#include <charconv>
#include <cstdint>
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

/// Builds one line: begin(), then fields, then end() appends "}\n".
class JsonLine {
public:
    explicit JsonLine(std::string& out) : out_(out) {}
    JsonLine& begin() {
        out_.clear();
        out_ += '{';
        first_ = true;
        return *this;
    }
    JsonLine& field(std::string_view key, std::string_view value) {
        key_(key);
        append_json_string(out_, value);
        return *this;
    }
    JsonLine& field(std::string_view key, const char* value) { return field(key, std::string_view(value)); }
    JsonLine& field(std::string_view key, std::uint64_t value) {
        key_(key);
        integer_(value);
        return *this;
    }
    JsonLine& field(std::string_view key, int value) {
        key_(key);
        integer_(value);
        return *this;
    }
    JsonLine& field(std::string_view key, double value) {
        key_(key);
        append_json_number(out_, value);
        return *this;
    }
    JsonLine& field(std::string_view key, bool value) {
        key_(key);
        out_ += value ? "true" : "false";
        return *this;
    }
    JsonLine& field(std::string_view key, std::optional<double> value) {
        if (value) return field(key, *value);
        return null(key);
    }
    JsonLine& null(std::string_view key) {
        key_(key);
        out_ += "null";
        return *this;
    }
    JsonLine& field(std::string_view key, const std::vector<std::uint64_t>& values) {
        key_(key);
        out_ += '[';
        for (std::size_t i = 0; i < values.size(); ++i) {
            if (i) out_ += ',';
            integer_(values[i]);
        }
        out_ += ']';
        return *this;
    }
    JsonLine& field(std::string_view key, const std::vector<std::string>& values) {
        key_(key);
        out_ += '[';
        for (std::size_t i = 0; i < values.size(); ++i) {
            if (i) out_ += ',';
            append_json_string(out_, values[i]);
        }
        out_ += ']';
        return *this;
    }
    /// Closes the object and the line.
    std::string& end() {
        out_ += "}\n";
        return out_;
    }

private:
    // Keys are the format's own field names (plain ASCII words): they need no escaping.
    void key_(std::string_view key) {
        if (!first_) out_ += ',';
        first_ = false;
        out_ += '"';
        out_ += key;
        out_ += "\":";
    }
    template <class Integer>
    void integer_(Integer value) {
        char digits[24];
        out_.append(digits, std::to_chars(digits, digits + sizeof digits, value).ptr);
    }
    std::string& out_;
    bool first_ = true;
};

}  // namespace coolio::tracer

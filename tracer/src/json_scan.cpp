#include "json_scan.hpp"

#include <array>
#include <charconv>
#include <cstdlib>
#include <string>

namespace coolio::tracer::detail {

namespace {

// Deeper nesting than this is refused, so a hostile line cannot exhaust the stack.
constexpr int MAX_DEPTH = 128;
// The largest whole number: 2^53 - 1, the last one a double (and so JavaScript, in
// the viewer) holds exactly. Bigger integers are plain numbers, refused where the
// format wants a whole number; no counter of a trace gets near.
constexpr std::uint64_t MAX_WHOLE = (std::uint64_t(1) << 53) - 1;

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// The bytes that stop the fast scan of a string: the closing quote, a backslash, a
// control character (not allowed unescaped) and the first byte of a multi-byte
// UTF-8 character (which must be checked).
constexpr std::array<bool, 256> SPECIAL = [] {
    std::array<bool, 256> table{};
    for (int c = 0; c < 0x20; ++c) table[c] = true;
    for (int c = 0x80; c < 0x100; ++c) table[c] = true;
    table['"'] = table['\\'] = true;
    return table;
}();


int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

void append_utf8(std::string& out, std::uint32_t code) {
    if (code < 0x80) {
        out += char(code);
    } else if (code < 0x800) {
        out += char(0xC0 | (code >> 6));
        out += char(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
        out += char(0xE0 | (code >> 12));
        out += char(0x80 | ((code >> 6) & 0x3F));
        out += char(0x80 | (code & 0x3F));
    } else {
        out += char(0xF0 | (code >> 18));
        out += char(0x80 | ((code >> 12) & 0x3F));
        out += char(0x80 | ((code >> 6) & 0x3F));
        out += char(0x80 | (code & 0x3F));
    }
}

// Length of the valid UTF-8 sequence at text[i] (a byte >= 0x80), or 0 if invalid.
std::size_t utf8_length(std::string_view text, std::size_t i) noexcept {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    unsigned char c = byte(i);
    std::size_t n = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xC2 && c <= 0xDF ? 2 : 0;
    if (n == 0 || i + n > text.size()) return 0;
    for (std::size_t k = 1; k < n; ++k)
        if ((byte(i + k) & 0xC0) != 0x80) return 0;
    if (c == 0xE0 && byte(i + 1) < 0xA0) return 0;  // overlong
    if (c == 0xED && byte(i + 1) > 0x9F) return 0;  // surrogate
    if (c == 0xF0 && byte(i + 1) < 0x90) return 0;  // overlong
    if (c == 0xF4 && byte(i + 1) > 0x8F) return 0;  // past U+10FFFF
    return n;
}

}  // namespace

bool JsonLineScanner::scan(std::string_view line) {
    text_ = line;
    pos_ = 0;
    is_object_ = false;
    members_.clear();
    wholes_.clear();
    strings_.clear();
    unescaped_.clear();
    unescaped_.reserve(line.size());  // unescaping never makes a string longer

    skip_space();
    if (at('{')) {
        is_object_ = true;
        ++pos_;
        skip_space();
        if (at('}')) {
            ++pos_;
        } else {
            while (true) {
                skip_space();
                JsonMember& member = members_.emplace_back();  // parsed in place
                if (!at('"') || !parse_string(member.key)) return false;
                skip_space();
                if (!at(':')) return false;
                ++pos_;
                skip_space();
                if (!parse_member_value(member.value)) return false;
                skip_space();
                if (at(',')) {
                    ++pos_;
                    continue;
                }
                if (!at('}')) return false;
                ++pos_;
                break;
            }
        }
    } else if (!skip_value(0)) {
        return false;
    }
    skip_space();
    return pos_ == text_.size();
}

bool JsonLineScanner::literal(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
}

bool JsonLineScanner::parse_member_value(JsonValue& value) {
    if (pos_ >= text_.size()) return false;
    switch (text_[pos_]) {
        case '"': value.type = JsonType::string; return parse_string(value.text);
        case '[': return parse_array(value);
        case '{': value.type = JsonType::object; return skip_value(1);
        case 't': value.type = JsonType::boolean; value.boolean = true; return literal("true");
        case 'f': value.type = JsonType::boolean; value.boolean = false; return literal("false");
        case 'n': value.type = JsonType::null; return literal("null");
        default: return parse_number(value);
    }
}

bool JsonLineScanner::parse_array(JsonValue& value) {
    value.type = JsonType::array;
    value.all_whole = value.all_strings = true;
    std::size_t wholes_begin = wholes_.size(), strings_begin = strings_.size();
    std::uint32_t count = 0;
    ++pos_;  // '['
    skip_space();
    if (at(']')) {
        ++pos_;
    } else {
        while (true) {
            skip_space();
            JsonValue item;
            if (at('[') || at('{')) {
                if (!skip_value(1)) return false;
                item.type = JsonType::object;
            } else if (!parse_member_value(item)) {
                return false;
            }
            value.all_whole = value.all_whole && item.type == JsonType::whole;
            value.all_strings = value.all_strings && item.type == JsonType::string;
            if (item.type == JsonType::whole) wholes_.push_back(item.whole);
            if (item.type == JsonType::string) strings_.push_back(item.text);
            ++count;
            skip_space();
            if (at(',')) {
                ++pos_;
                continue;
            }
            if (!at(']')) return false;
            ++pos_;
            break;
        }
    }
    value.items_size = count;
    value.items_begin = static_cast<std::uint32_t>(value.all_whole ? wholes_begin : strings_begin);
    return true;
}

bool JsonLineScanner::parse_string(std::string_view& out) {
    std::size_t start = ++pos_;  // after the opening quote
    // The common case: no escapes, so the value is a view into the line itself. Plain
    // bytes are skipped with one table lookup each.
    while (true) {
        while (pos_ < text_.size() && !SPECIAL[static_cast<unsigned char>(text_[pos_])]) ++pos_;
        if (pos_ >= text_.size()) return false;
        unsigned char c = static_cast<unsigned char>(text_[pos_]);
        if (c == '"') {
            out = text_.substr(start, pos_ - start);
            ++pos_;
            return true;
        }
        if (c == '\\') break;
        if (c < 0x20) return false;  // control characters must be escaped
        std::size_t n = utf8_length(text_, pos_);
        if (n == 0) return false;
        pos_ += n;
    }
    if (pos_ >= text_.size()) return false;
    // Escapes: copy into the scratch buffer, resolving them.
    std::size_t begin = unescaped_.size();
    unescaped_.append(text_.substr(start, pos_ - start));
    while (pos_ < text_.size()) {
        unsigned char c = static_cast<unsigned char>(text_[pos_]);
        if (c == '"') {
            out = std::string_view(unescaped_).substr(begin);
            ++pos_;
            return true;
        }
        if (c < 0x20) return false;
        if (c >= 0x80) {
            std::size_t n = utf8_length(text_, pos_);
            if (n == 0) return false;
            unescaped_.append(text_.substr(pos_, n));
            pos_ += n;
            continue;
        }
        if (c != '\\') {
            unescaped_ += char(c);
            ++pos_;
            continue;
        }
        if (++pos_ >= text_.size()) return false;
        char e = text_[pos_++];
        switch (e) {
            case '"': unescaped_ += '"'; break;
            case '\\': unescaped_ += '\\'; break;
            case '/': unescaped_ += '/'; break;
            case 'b': unescaped_ += '\b'; break;
            case 'f': unescaped_ += '\f'; break;
            case 'n': unescaped_ += '\n'; break;
            case 'r': unescaped_ += '\r'; break;
            case 't': unescaped_ += '\t'; break;
            case 'u': {
                auto read_hex4 = [&](std::uint32_t& code) {
                    if (pos_ + 4 > text_.size()) return false;
                    code = 0;
                    for (int k = 0; k < 4; ++k) {
                        int h = hex_value(text_[pos_++]);
                        if (h < 0) return false;
                        code = code * 16 + std::uint32_t(h);
                    }
                    return true;
                };
                std::uint32_t code;
                if (!read_hex4(code)) return false;
                if (code >= 0xD800 && code <= 0xDBFF) {  // a surrogate pair: two escapes, one character
                    std::uint32_t low;
                    if (text_.substr(pos_, 2) != "\\u") return false;
                    pos_ += 2;
                    if (!read_hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
                } else if (code >= 0xDC00 && code <= 0xDFFF) {
                    return false;
                }
                append_utf8(unescaped_, code);
                break;
            }
            default: return false;
        }
    }
    return false;
}

bool JsonLineScanner::parse_number(JsonValue& value) {
    // JSON's grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
    // While checking it, add up the digits: a trace's numbers are small integers and
    // short decimals ("1.0", "0.001"), and those need nothing more (see below).
    std::size_t start = pos_;
    bool negative = at('-');
    if (negative) ++pos_;
    std::uint64_t mantissa = 0;
    int digits = 0, decimals = 0;
    auto read_digits = [&](bool fraction) {
        std::size_t first = pos_;
        for (; pos_ < text_.size() && is_digit(text_[pos_]); ++pos_, ++digits) {
            if (digits < 19) mantissa = mantissa * 10 + std::uint64_t(text_[pos_] - '0');  // 19 digits fit in 64 bits
            if (fraction) ++decimals;
        }
        return pos_ > first;
    };
    if (at('0')) {
        ++pos_;
        ++digits;
    } else if (!read_digits(false)) {
        return false;
    }
    bool integral = true, exponent = false;
    if (at('.')) {
        integral = false;
        ++pos_;
        if (!read_digits(true)) return false;
    }
    if (at('e') || at('E')) {
        integral = false;
        exponent = true;
        ++pos_;
        if (at('+') || at('-')) ++pos_;
        if (!(pos_ < text_.size() && is_digit(text_[pos_]))) return false;
        while (pos_ < text_.size() && is_digit(text_[pos_])) ++pos_;
    }
    if (integral && !negative && digits <= 16 && mantissa <= MAX_WHOLE) {
        value.type = JsonType::whole;
        value.whole = mantissa;
        value.number = double(mantissa);
        return true;
    }
    value.type = JsonType::number;
    // A decimal with at most 15 digits is mantissa / 10^decimals with both numbers
    // exact in a double, so the one division rounds correctly (Clinger's fast path).
    static constexpr double POWERS_OF_TEN[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                               1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    if (!exponent && digits <= 15) {
        value.number = double(mantissa) / POWERS_OF_TEN[decimals];
        if (negative) value.number = -value.number;
        return true;
    }
    const char* first = text_.data() + start;
    const char* last = text_.data() + pos_;
    auto [end, error] = std::from_chars(first, last, value.number);
    if (error == std::errc::result_out_of_range) {
        // Still valid JSON (1e400, 1e-400), but from_chars leaves the value alone;
        // strtod says what it is: infinite (which the reader refuses) or 0. Rare, so
        // the copy it needs does not matter.
        value.number = std::strtod(std::string(first, last).c_str(), nullptr);
        return end == last;
    }
    return end == last && error == std::errc();
}

bool JsonLineScanner::skip_value(int depth) {
    if (depth > MAX_DEPTH) return false;
    skip_space();
    if (pos_ >= text_.size()) return false;
    char c = text_[pos_];
    if (c == '{' || c == '[') {
        char close = c == '{' ? '}' : ']';
        ++pos_;
        skip_space();
        if (at(close)) {
            ++pos_;
            return true;
        }
        while (true) {
            skip_space();
            if (c == '{') {
                std::string_view key;
                if (!at('"') || !parse_string(key)) return false;
                skip_space();
                if (!at(':')) return false;
                ++pos_;
            }
            if (!skip_value(depth + 1)) return false;
            skip_space();
            if (at(',')) {
                ++pos_;
                continue;
            }
            if (!at(close)) return false;
            ++pos_;
            return true;
        }
    }
    JsonValue scalar;
    if (c == '"') return parse_string(scalar.text);
    return parse_member_value(scalar);
}

}  // namespace coolio::tracer::detail

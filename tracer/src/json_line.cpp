#include "coolio/tracer/json_line.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "coolio/repr.hpp"

namespace coolio::tracer {

namespace {

// Length of the valid UTF-8 sequence starting at text[i], or 0 if it is not valid.
std::size_t utf8_length(std::string_view text, std::size_t i) {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    unsigned char c = byte(i);
    std::size_t n = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c <= 0xDF ? 2 : 0;
    if (n == 0 || i + n > text.size()) return 0;
    for (std::size_t k = 1; k < n; ++k)
        if ((byte(i + k) & 0xC0) != 0x80) return 0;
    // Reject overlong forms, surrogates and code points past U+10FFFF.
    if (c == 0xE0 && byte(i + 1) < 0xA0) return 0;
    if (c == 0xED && byte(i + 1) > 0x9F) return 0;
    if (c == 0xF0 && byte(i + 1) < 0x90) return 0;
    if (c == 0xF4 && byte(i + 1) > 0x8F) return 0;
    return n;
}

// Bytes copied as they are: printable ASCII other than the quote and the backslash.
// A table, because this test runs once for every byte of every traced string.
struct PlainBytes {
    bool plain[256] = {};
    constexpr PlainBytes() {
        for (int c = 0x20; c < 0x80; ++c) plain[c] = c != '"' && c != '\\';
    }
};
constexpr PlainBytes PLAIN;

// Escapes text[i..] into `out` until at least `stop` bytes of the text are used (a
// UTF-8 sequence may take it up to 3 bytes past `stop`) and returns the new end of
// `out`, moving `i` on. At worst one byte becomes six ("\\u0001"), so `out` needs
// room for 6 * (stop - i + 3) bytes.
char* escape_slice(char* out, std::string_view text, std::size_t& index, std::size_t stop) {
    static constexpr char hex[] = "0123456789abcdef";
    // A local copy of the index: a store through `out` (a char*) may alias anything,
    // and would make the compiler reload `index` from memory after every byte.
    std::size_t i = index;
    while (i < stop) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        if (PLAIN.plain[c]) {  // by far the most common case
            *out++ = char(c);
            ++i;
            continue;
        }
        if (c >= 0x80) {
            std::size_t n = utf8_length(text, i);
            if (n == 0) {
                std::memcpy(out, "\xEF\xBF\xBD", 3);  // U+FFFD REPLACEMENT CHARACTER
                out += 3;
                ++i;
            } else {
                std::memcpy(out, text.data() + i, n);
                out += n;
                i += n;
            }
            continue;
        }
        *out++ = '\\';
        switch (c) {
            case '"': *out++ = '"'; break;
            case '\\': *out++ = '\\'; break;
            case '\n': *out++ = 'n'; break;
            case '\r': *out++ = 'r'; break;
            case '\t': *out++ = 't'; break;
            default:  // the other control characters
                std::memcpy(out, "u00", 3);
                out[3] = hex[c >> 4];
                out[4] = hex[c & 15];
                out += 5;
        }
        ++i;
    }
    index = i;
    return out;
}

// Text is escaped in slices so that the room asked for stays small even for a huge
// string (a megabyte printed by a program would otherwise ask for six).
constexpr std::size_t SLICE = 4096;
constexpr std::size_t room_for(std::size_t slice) { return 6 * (slice + 3); }

// Most numbers in a trace are loop times, and the loop's clock counts whole
// nanoseconds: t = ns / 1e9 (the real clock) or a round number (the virtual one).
// For those, repr's text can be written from the integer ns directly, which is
// several times faster than finding the shortest digits of a double in general.
//
// Why the text is the same: if value == double(ns) / 1e9 with ns < 10^15, value is
// the double nearest to the decimal D = ns * 10^-9 (double(ns) is exact, and IEEE
// division rounds correctly), and D has at most 15 significant digits. A double
// tells apart any two decimals of at most 15 significant digits (DBL_DIG is 15), so
// the shortest decimal that reads back as value (what repr prints) is D itself.
// From 1e-4 up to 1e16 repr writes it in fixed notation, with at least one digit
// after the point ("3.0"). Anything else (NaN, negative, below 1e-4 where repr
// switches to "1e-05", not a whole number of nanoseconds) is left to the general
// path. tests/test_tracer.cpp checks both paths against each other.
std::optional<std::int64_t> whole_nanoseconds(double value) {
    if (!(value >= 1e-4 && value < 1e6)) return std::nullopt;  // ns < 10^15
    // Rounded to the nearest whole number (value is positive); the check below is
    // what decides, so any rounding slip only sends the value down the general path.
    // (Signed: converting a signed integer to a double is one instruction.)
    auto ns = static_cast<std::int64_t>(value * 1e9 + 0.5);
    if (static_cast<double>(ns) / 1e9 != value) return std::nullopt;
    return ns;
}

// "12.0345" for 12034500000 ns: the seconds, the point, then the nine digits of the
// fraction without trailing zeros, keeping one. The digits go straight into `out`,
// which has room for all nine; trailing zeros are then left behind the end.
char* write_seconds(char* out, std::int64_t ns) {
    out = std::to_chars(out, out + 20, ns / 1'000'000'000).ptr;
    *out++ = '.';
    auto fraction = static_cast<std::uint32_t>(ns % 1'000'000'000);
    for (int k = 8; k >= 0; --k) {
        out[k] = char('0' + fraction % 10);
        fraction /= 10;
    }
    std::size_t length = 9;
    while (length > 1 && out[length - 1] == '0') --length;
    return out + length;
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
    out += '"';
    for (std::size_t i = 0; i < text.size();) {
        std::size_t stop = std::min(text.size(), i + SLICE);
        std::size_t used = out.size();
        out.resize(used + room_for(stop - i));
        char* end = escape_slice(out.data() + used, text, i, stop);
        out.resize(std::size_t(end - out.data()));
    }
    out += '"';
}

void append_json_number(std::string& out, double value) {
    if (!std::isfinite(value)) {
        out += "null";
        return;
    }
    append_float_repr(out, value);  // Python's json writes floats with repr() too
}

void JsonLine::escaped_(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        std::size_t stop = std::min(text.size(), i + SLICE);
        written(escape_slice(room(room_for(stop - i)), text, i, stop));
    }
}

JsonLine& JsonLine::field(std::string_view key, double value) {
    key_(key);
    if (std::optional<std::int64_t> ns = whole_nanoseconds(value)) {
        written(write_seconds(room(32), *ns));
        return *this;
    }
    scratch_.clear();
    append_json_number(scratch_, value);
    put(scratch_);
    return *this;
}

void JsonLine::grow(std::size_t n) { buffer_.resize(std::max(buffer_.size() * 2, size_ + n)); }

}  // namespace coolio::tracer

#include "coolio/repr.hpp"

#include <cxxabi.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "coolio/exceptions.hpp"
#include "coolio/futures.hpp"

namespace coolio {

std::string float_repr(double value) {
    std::string out;
    append_float_repr(out, value);
    return out;
}

void append_float_repr(std::string& out, double value) {
    if (std::isnan(value)) {
        out += "nan";
        return;
    }
    if (std::isinf(value)) {
        out += value < 0 ? "-inf" : "inf";
        return;
    }
    // to_chars without a precision gives the shortest round-trip digits, the same
    // digits Python's repr chooses; only the layout differs, so we redo the layout.
    char sci[32];
    char* end = std::to_chars(sci, sci + sizeof sci, value, std::chars_format::scientific).ptr;  // "-1.2345e+03"
    char* e_pos = std::find(sci, end, 'e');
    int exponent = 0;
    std::from_chars(e_pos + (e_pos[1] == '+' ? 2 : 1), end, exponent);
    if (exponent < -4 || exponent >= 16) {  // Python keeps scientific here
        out.append(sci, end);
        return;
    }
    char digits[24];  // the significant digits, without sign and point
    std::size_t count = 0;
    for (const char* c = sci; c != e_pos; ++c) {
        if (*c == '-') out += '-';
        else if (*c != '.') digits[count++] = *c;
    }
    if (exponent < 0) {
        out += "0.";
        out.append(std::size_t(-exponent - 1), '0');
        out.append(digits, count);
        return;
    }
    std::size_t int_len = std::size_t(exponent) + 1;
    if (count <= int_len) {
        out.append(digits, count);
        out.append(int_len - count, '0');
        out += ".0";
    } else {
        out.append(digits, int_len);
        out += '.';
        out.append(digits + int_len, count - int_len);
    }
}

std::string string_repr(std::string_view text) {
    // Python prefers single quotes, and switches to double quotes when the text has a
    // single quote but no double quote.
    bool has_single = text.find('\'') != std::string_view::npos;
    bool has_double = text.find('"') != std::string_view::npos;
    char quote = (has_single && !has_double) ? '"' : '\'';
    std::string out(1, quote);
    for (unsigned char c : text) {
        switch (c) {
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (c == quote) {
                    out += '\\';
                    out += char(c);
                } else if (c < 0x20 || c == 0x7f) {
                    char esc[8];
                    std::snprintf(esc, sizeof esc, "\\x%02x", c);
                    out += esc;
                } else {
                    out += char(c);  // bytes >= 0x80 are UTF-8 text and pass through
                }
        }
    }
    out += quote;
    return out;
}

std::string type_name(const std::type_info& type) {
    int status = 0;
    char* demangled = abi::__cxa_demangle(type.name(), nullptr, nullptr, &status);
    std::string name = (status == 0 && demangled) ? demangled : type.name();
    std::free(demangled);
    if (name.rfind("coolio::", 0) == 0) name.erase(0, 8);
    return name;
}

std::string exception_repr(const std::exception_ptr& error) noexcept {
    if (!error) return "None";
    try {
        try {
            std::rethrow_exception(error);
        } catch (const CancelledError& e) {
            std::string name = e.python_name();
            return e.message().empty() ? name + "()" : name + "(" + string_repr(e.message()) + ")";
        } catch (const Error& e) {
            std::string message = e.what();
            return std::string(e.python_name()) + "(" + (message.empty() ? "" : string_repr(message)) + ")";
        } catch (const std::exception& e) {
            return type_name(typeid(e)) + "(" + string_repr(e.what()) + ")";
        } catch (...) {
            return "<unknown exception>";
        }
    } catch (...) {
        return "<exception>";  // building the text itself failed (out of memory)
    }
}

std::string future_repr(const FutureBase& future) {
    std::string out = future.is_task() ? "<Task " : "<Future ";
    switch (future.state()) {
        case FutureState::pending: out += "pending"; break;
        case FutureState::cancelled: out += "cancelled"; break;
        case FutureState::finished: out += "finished"; break;
    }
    if (future.is_task()) out += " name=" + string_repr(future.name());
    if (future.state() == FutureState::finished) {
        std::exception_ptr error = future.peek_exception();  // describing is not retrieving
        out += error ? " exception=" + exception_repr(error) : " result=" + future.result_repr();
    }
    return out + ">";
}

}  // namespace coolio

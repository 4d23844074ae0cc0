#include "coolio/repr.hpp"

#include <cxxabi.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "coolio/exceptions.hpp"
#include "coolio/futures.hpp"

namespace coolio {

std::string float_repr(double value) {
    if (std::isnan(value)) return "nan";
    if (std::isinf(value)) return value < 0 ? "-inf" : "inf";
    // to_chars without a precision gives the shortest round-trip digits, the same
    // digits Python's repr chooses; only the layout differs, so we redo the layout.
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
    std::string sci(buf, end);  // e.g. "-1.2345e+03"
    std::size_t e_pos = sci.find('e');
    int exponent = std::atoi(sci.c_str() + e_pos + 1);
    if (exponent < -4 || exponent >= 16) return sci;  // Python keeps scientific here

    std::string sign, digits;
    for (std::size_t i = 0; i < e_pos; ++i) {
        char c = sci[i];
        if (c == '-') sign = "-";
        else if (c != '.') digits += c;
    }
    std::string out = sign;
    if (exponent < 0) {
        out += "0." + std::string(std::size_t(-exponent - 1), '0') + digits;
    } else {
        std::size_t int_len = std::size_t(exponent) + 1;
        if (digits.size() <= int_len) {
            out += digits + std::string(int_len - digits.size(), '0') + ".0";
        } else {
            out += digits.substr(0, int_len) + "." + digits.substr(int_len);
        }
    }
    return out;
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
            return std::string(e.python_name()) + "(" + string_repr(e.what()) + ")";
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
        std::exception_ptr error = future.exception();
        out += error ? " exception=" + exception_repr(error) : " result=" + future.result_repr();
    }
    return out + ">";
}

}  // namespace coolio

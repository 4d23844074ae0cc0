// repr.hpp — Python's repr() and str() for C++ values.
//
// A student compares coolio's output with CPython's line by line, so values are
// written the way Python writes them: None, True, 3.0, 'text', [1, 2], (a, b).
// Only these texts reach traces and print(); the values themselves stay typed.
#pragma once

#include <concepts>
#include <cstdint>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <typeinfo>
#include <utility>
#include <vector>

namespace coolio {

class FutureBase;
template <class T>
class Ref;

/// Python's None: the result of a coroutine that returns nothing.
struct None {
    bool operator==(const None&) const = default;
};
inline constexpr None none{};

/// Python's repr() of a float: the shortest text that reads back as the same double,
/// fixed notation for exponents -4..15 and scientific otherwise ("3.0", "1e+16").
std::string float_repr(double value);
/// Appends float_repr(value) to `out` without making a string of its own (the tracer
/// writes a time on every event).
void append_float_repr(std::string& out, double value);
/// Python's repr() of a str: quoted, with escapes for quotes and control characters.
std::string string_repr(std::string_view text);
/// A readable C++ type name, without the "coolio::" prefix.
std::string type_name(const std::type_info& type);
/// repr() of an exception: "ValueError('boom')", "CancelledError()",
/// "std::runtime_error('x')". Never throws.
std::string exception_repr(const std::exception_ptr& error) noexcept;
/// repr() of a future or task, as asyncio shows them:
/// "<Task finished name='Task-2' result=None>", "<Future pending>".
std::string future_repr(const FutureBase& future);

template <class T>
std::string repr(const T& value);

namespace detail {
template <class Tuple, std::size_t... I>
std::string tuple_repr(const Tuple& t, std::index_sequence<I...>) {
    std::string out = "(";
    ((out += (I == 0 ? "" : ", "), out += repr(std::get<I>(t))), ...);
    if (sizeof...(I) == 1) out += ",";  // Python writes a 1-tuple as (x,)
    return out + ")";
}
template <class T>
struct is_vector : std::false_type {};
template <class T, class A>
struct is_vector<std::vector<T, A>> : std::true_type {};
template <class T>
struct is_pair_or_tuple : std::false_type {};
template <class... T>
struct is_pair_or_tuple<std::tuple<T...>> : std::true_type {};
template <class A, class B>
struct is_pair_or_tuple<std::pair<A, B>> : std::true_type {};
template <class T>
struct is_owning_pointer : std::false_type {};
template <class T>
struct is_owning_pointer<std::shared_ptr<T>> : std::true_type {};
template <class T>
struct is_owning_pointer<Ref<T>> : std::true_type {};  // a counted reference (ref.hpp)
template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};
}  // namespace detail

/// Python's repr() of `value`. Types it does not know print as "<Type object>".
template <class T>
std::string repr(const T& value) {
    if constexpr (std::is_same_v<T, None>) {
        return "None";
    } else if constexpr (std::is_same_v<T, bool>) {
        return value ? "True" : "False";
    } else if constexpr (std::is_same_v<T, char>) {
        return string_repr(std::string_view(&value, 1));
    } else if constexpr (std::is_integral_v<T>) {
        return std::to_string(value);
    } else if constexpr (std::is_floating_point_v<T>) {
        return float_repr(double(value));
    } else if constexpr (std::is_convertible_v<const T&, std::string_view>) {
        return string_repr(std::string_view(value));
    } else if constexpr (std::is_same_v<T, std::exception_ptr>) {
        return exception_repr(value);
    } else if constexpr (detail::is_vector<T>::value) {
        std::string out = "[";
        for (std::size_t i = 0; i < value.size(); ++i) {
            if (i) out += ", ";
            out += repr(value[i]);
        }
        return out + "]";
    } else if constexpr (detail::is_pair_or_tuple<T>::value) {
        return detail::tuple_repr(value, std::make_index_sequence<std::tuple_size_v<T>>{});
    } else if constexpr (detail::is_optional<T>::value) {
        return value ? repr(*value) : std::string("None");
    } else if constexpr (detail::is_owning_pointer<T>::value) {
        if constexpr (std::is_base_of_v<FutureBase, typename T::element_type>) {
            return value ? future_repr(*value) : std::string("None");
        } else {
            return "<" + type_name(typeid(T)) + " object>";
        }
    } else if constexpr (requires { { value.repr() } -> std::convertible_to<std::string>; }) {
        return value.repr();
    } else {
        return "<" + type_name(typeid(T)) + " object>";
    }
}

/// Python's str(): like repr() except that text is written as it is.
template <class T>
std::string str(const T& value) {
    if constexpr (std::is_same_v<T, char>) {
        return std::string(1, value);
    } else if constexpr (std::is_convertible_v<const T&, std::string_view>) {
        return std::string(std::string_view(value));
    } else {
        return repr(value);
    }
}

}  // namespace coolio

// source_location_shim.hpp — std::source_location for clang 14, in the fuzz build only.
//
// core/ names coroutine frames with std::source_location::current(). libstdc++ 12
// offers it only to compilers with __builtin_source_location (gcc 11+, clang 15+), so
// clang 14, the clang that has libFuzzer here, would not compile core/. The fuzz build
// (-DCOOLIO_FUZZ=ON) force-includes this header; it supplies the same class from the
// older builtins clang 14 has (constexpr, not consteval: clang 14 refuses a consteval
// call in the default argument of a coroutine promise's constructor). Nothing else is
// built with it.
#pragma once

#include <version>

#if !defined(__cpp_lib_source_location)
#include <cstdint>

namespace std {
struct source_location {
    static constexpr source_location current(const char* file = __builtin_FILE(),
                                             const char* function = __builtin_FUNCTION(),
                                             std::uint_least32_t line = __builtin_LINE()) noexcept {
        source_location where;
        where.file_ = file;
        where.function_ = function;
        where.line_ = line;
        return where;
    }
    constexpr const char* file_name() const noexcept { return file_; }
    constexpr const char* function_name() const noexcept { return function_; }
    constexpr std::uint_least32_t line() const noexcept { return line_; }
    constexpr std::uint_least32_t column() const noexcept { return 0; }

private:
    const char* file_ = "";
    const char* function_ = "";
    std::uint_least32_t line_ = 0;
};
}  // namespace std
#endif

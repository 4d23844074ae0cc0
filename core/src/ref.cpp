#include "coolio/ref.hpp"

#include <cstdio>
#include <cstdlib>

namespace coolio {

void detail::too_many_references() noexcept {
    // Not an exception: a Ref is copied in noexcept code everywhere, and a count about
    // to wrap means the object would be freed while still in use.
    std::fputs("coolio: too many references to one object (its reference count would wrap)\n", stderr);
    std::abort();
}

void detail::release_weak_cell(WeakCell* cell) noexcept {
    if (--cell->count == 0) delete cell;
}

}  // namespace coolio

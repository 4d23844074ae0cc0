#include "coolio/exceptions.hpp"

#include <cstring>

namespace coolio {

OSError::OSError(int err, std::string call)
    : Error(call + ": " + std::strerror(err) + " (errno " + std::to_string(err) + ")"),
      errno_(err),
      call_(std::move(call)) {}

}  // namespace coolio

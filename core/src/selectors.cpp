#include "coolio/selectors.hpp"

#include <sys/epoll.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <limits>

#include "coolio/clock.hpp"
#include "coolio/exceptions.hpp"

namespace coolio {

namespace {

std::uint32_t to_epoll(std::uint32_t events) {
    std::uint32_t mask = 0;
    if (events & EVENT_READ) mask |= EPOLLIN;
    if (events & EVENT_WRITE) mask |= EPOLLOUT;
    return mask;
}

// An error or hang-up wakes both readers and writers, as selectors.EpollSelector does,
// so that the callback's own recv/send sees the error and reports it.
std::uint32_t from_epoll(std::uint32_t mask) {
    std::uint32_t events = 0;
    if (mask & (EPOLLIN | EPOLLERR | EPOLLHUP)) events |= EVENT_READ;
    if (mask & (EPOLLOUT | EPOLLERR | EPOLLHUP)) events |= EVENT_WRITE;
    return events;
}

// epoll_wait takes milliseconds; round up so a timer is never polled a hair too early
// (asyncio rounds the same way: math.ceil(timeout * 1e3)).
int to_milliseconds(std::optional<double> timeout) {
    if (!timeout) return -1;
    if (*timeout <= 0) return 0;
    double ms = std::ceil(*timeout * 1e3);
    return ms >= double(std::numeric_limits<int>::max()) ? std::numeric_limits<int>::max() : int(ms);
}

}  // namespace

EpollSelector::EpollSelector() : epoll_fd_(int(check_syscall(::epoll_create1(EPOLL_CLOEXEC), "epoll_create1"))) {}

EpollSelector::~EpollSelector() { ::close(epoll_fd_); }

void EpollSelector::register_fd(int fd, std::uint32_t events) {
    epoll_event ev{};
    ev.events = to_epoll(events);
    ev.data.fd = fd;
    check_syscall(::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev), "epoll_ctl(ADD)");
    ++registered_;
}

void EpollSelector::modify(int fd, std::uint32_t events) {
    epoll_event ev{};
    ev.events = to_epoll(events);
    ev.data.fd = fd;
    check_syscall(::epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, fd, &ev), "epoll_ctl(MOD)");
}

void EpollSelector::unregister(int fd) {
    check_syscall(::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, nullptr), "epoll_ctl(DEL)");
    --registered_;
}

std::vector<SelectorEvent> EpollSelector::select(std::optional<double> timeout) {
    std::vector<epoll_event> ready(registered_ > 0 ? registered_ : 1);
    int n = ::epoll_wait(epoll_fd_, ready.data(), int(ready.size()), to_milliseconds(timeout));
    if (n == -1) {
        if (errno == EINTR) return {};  // a signal: the loop simply goes round again
        throw OSError(errno, "epoll_wait");
    }
    std::vector<SelectorEvent> events;
    events.reserve(std::size_t(n));
    for (int i = 0; i < n; ++i) events.push_back({ready[i].data.fd, from_epoll(ready[i].events)});
    return events;
}

std::vector<SelectorEvent> wait_for_events(Selector& selector, Clock& clock, std::optional<double> timeout) {
    std::vector<SelectorEvent> events;
    if (selector.registered_count() > 0) {
        events = selector.select(clock.io_wait(timeout));
        if (events.empty() && timeout) clock.io_idle(*timeout);
    } else if (timeout) {
        clock.sleep(*timeout);
    } else {
        throw InternalError("wait_for_events: asked to wait for ever with no descriptor watched");
    }
    return events;
}

}  // namespace coolio

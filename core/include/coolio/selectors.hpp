// selectors.hpp — waiting for file descriptors, as Python's selectors module.
//
// The loop asks its selector one question per tick: "which of my descriptors are
// ready? wait at most `timeout` seconds for one". On Linux the answer comes from
// epoll. The selector only reports; the loop decides which callbacks that schedules.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace coolio {

class Clock;

/// Interest and readiness bits (selectors.EVENT_READ / EVENT_WRITE).
inline constexpr std::uint32_t EVENT_READ = 1;
inline constexpr std::uint32_t EVENT_WRITE = 2;

/// One ready descriptor returned by select().
struct SelectorEvent {
    int fd;
    std::uint32_t events;  ///< EVENT_READ | EVENT_WRITE
};

/// The operations every selector offers (selectors.BaseSelector).
class Selector {
public:
    virtual ~Selector() = default;
    /// Starts watching `fd` for `events`; OSError if the kernel refuses.
    virtual void register_fd(int fd, std::uint32_t events) = 0;
    /// Changes what `fd` is watched for.
    virtual void modify(int fd, std::uint32_t events) = 0;
    /// Stops watching `fd`.
    virtual void unregister(int fd) = 0;
    /// Waits up to `timeout` seconds (nullopt: without limit, 0: not at all) and
    /// returns the ready descriptors. A signal interrupting the wait returns nothing.
    virtual std::vector<SelectorEvent> select(std::optional<double> timeout) = 0;
    /// How many descriptors are watched.
    virtual std::size_t registered_count() const = 0;
};

/// Level-triggered epoll (selectors.EpollSelector). Owns its epoll descriptor.
class EpollSelector final : public Selector {
public:
    EpollSelector();
    ~EpollSelector() override;
    EpollSelector(const EpollSelector&) = delete;
    EpollSelector& operator=(const EpollSelector&) = delete;

    void register_fd(int fd, std::uint32_t events) override;
    void modify(int fd, std::uint32_t events) override;
    void unregister(int fd) override;
    std::vector<SelectorEvent> select(std::optional<double> timeout) override;
    std::size_t registered_count() const override { return registered_; }

private:
    int epoll_fd_;
    std::size_t registered_ = 0;
};

/// The wait at the heart of both runtimes (the loop's select phase, the curio kernel's
/// I/O polling): wait up to `timeout` seconds for a descriptor of `selector`.
/// When none is watched only the timeout can end the wait, so the selector (a system
/// call) is skipped and the clock lets the time pass (the virtual clock jumps). When
/// some are watched, epoll waits as long as the clock allows; if nothing became ready,
/// the timeout is over as far as the clock is concerned. The caller must not ask to
/// wait for ever with nothing watched (it would never return): InternalError.
std::vector<SelectorEvent> wait_for_events(Selector& selector, Clock& clock, std::optional<double> timeout);

}  // namespace coolio

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

}  // namespace coolio

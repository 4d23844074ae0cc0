// Callback (callback.hpp): what a handle calls, in two words.
#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "coolio/coolio.hpp"

using namespace coolio;

namespace {

// Callables holding a Ref, for the test of Relocatable below.
struct SetsOne {
    static constexpr bool relocatable = true;  // a Ref may move by its bytes
    FuturePtr<int> target;
    void operator()() const { target->set_result(1); }
};
struct SetsOneUnsaid {
    FuturePtr<int> target;
    void operator()() const { target->set_result(1); }
};
struct SetsOneAndCounts {
    static constexpr bool relocatable = true;
    FuturePtr<int> target;
    int* count;
    void operator()() const { target->set_result(++*count); }
};

}  // namespace

TEST_SUITE("Callback: what a handle calls") {
    TEST_CASE("a Callback is two words, whatever it holds") {
        CHECK(sizeof(Callback) == 2 * sizeof(void*));
    }

    TEST_CASE("a closure of one pointer is called in place, a bigger one from its heap copy") {
        int count = 0;
        Callback small([&count] { ++count; });
        std::string text = "a string makes the closure big";
        Callback big([&count, text] { count += int(text.size()); });
        small(nullptr);
        big(nullptr);
        CHECK(count == 1 + int(text.size()));
        CHECK_FALSE(small.wants_future());
        CHECK_FALSE(big.wants_future());
    }

    TEST_CASE("a one-word callable that holds a Ref is kept in place if it says it may move by its bytes") {
        int count = 0;
        auto one_pointer = [&count] { ++count; };
        CHECK(Callback::keeps_in_place<decltype(one_pointer)>);
        CHECK(Callback::keeps_in_place<SetsOne>);
        CHECK_FALSE(Callback::keeps_in_place<SetsOneUnsaid>);  // no promise, no place
        CHECK_FALSE(Callback::keeps_in_place<SetsOneAndCounts>);  // two words: too big

        EventLoop loop;
        FuturePtr<int> future = loop.create_future<int>();
        {
            Callback first(SetsOne{future});
            CHECK(future.use_count() == 2);
            Callback second = std::move(first);  // its bytes move: no count taken or let go
            CHECK(future.use_count() == 2);
            second(nullptr);
            CHECK(future->result() == 1);
        }
        CHECK(future.use_count() == 1);  // the Ref let go exactly once
        loop.close();
    }

    TEST_CASE("a done-callback is called with the future it is given") {
        EventLoop loop;
        FuturePtr<int> future = loop.create_future<int>();
        const FutureBase* seen = nullptr;
        Callback callback([&seen](FutureBase& done) { seen = &done; });
        CHECK(callback.wants_future());
        callback(future.get());
        CHECK(seen == future.get());
        loop.close();
    }

    TEST_CASE("moving a Callback moves its callable, which is destroyed once, with the last owner") {
        auto token = std::make_shared<int>(7);
        int result = 0;
        {
            Callback first([token, &result] { result = *token; });
            CHECK(token.use_count() == 2);
            Callback second = std::move(first);
            CHECK_FALSE(first);
            CHECK(second);
            CHECK(token.use_count() == 2);  // moved, not copied
            second(nullptr);
            Callback third;
            third = std::move(second);
            CHECK(token.use_count() == 2);
        }
        CHECK(result == 7);
        CHECK(token.use_count() == 1);  // destroyed exactly once
    }

    TEST_CASE("reset destroys the callable and leaves the Callback empty") {
        auto token = std::make_shared<int>(0);
        Callback callback([token] {});
        callback.reset();
        CHECK_FALSE(callback);
        CHECK(token.use_count() == 1);
        callback.reset();  // twice is harmless
    }

    TEST_CASE("a std::function is kept too, as any other callable") {
        int count = 0;
        std::function<void()> function = [&count] { ++count; };
        Callback callback(function);
        callback(nullptr);
        CHECK(count == 1);
    }
}

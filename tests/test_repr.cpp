// repr() and print(): values written as Python writes them.
#include <doctest/doctest.h>

#include "support.hpp"

using namespace coolio;

TEST_SUITE("repr and print") {
    TEST_CASE("floats are written as Python's repr writes them") {
        CHECK(float_repr(3.0) == "3.0");
        CHECK(float_repr(0.1) == "0.1");
        CHECK(float_repr(0.1 + 0.2) == "0.30000000000000004");
        CHECK(float_repr(-2.5) == "-2.5");
        CHECK(float_repr(1e16) == "1e+16");
        CHECK(float_repr(123456789012345.0) == "123456789012345.0");
        CHECK(float_repr(0.0001) == "0.0001");
        CHECK(float_repr(0.00001) == "1e-05");
        CHECK(float_repr(1.5e-7) == "1.5e-07");
        CHECK(float_repr(-0.0) == "-0.0");
        CHECK(float_repr(1.0 / 0.0) == "inf");
    }

    TEST_CASE("strings are quoted and escaped as Python's repr does") {
        CHECK(repr(std::string("a")) == "'a'");
        CHECK(repr(std::string("it's")) == "\"it's\"");
        CHECK(repr(std::string("both ' and \"")) == "'both \\' and \"'");
        CHECK(repr(std::string("tab\tnew\n")) == "'tab\\tnew\\n'");
        CHECK(repr(std::string("\x01")) == "'\\x01'");
    }

    TEST_CASE("containers, None and booleans look like Python's") {
        CHECK(repr(none) == "None");
        CHECK(repr(true) == "True");
        CHECK(repr(std::vector<int>{1, 2}) == "[1, 2]");
        CHECK(repr(std::vector<std::string>{"a"}) == "['a']");
        CHECK(repr(std::make_pair(1, std::string("x"))) == "(1, 'x')");
        CHECK(repr(std::make_tuple(1)) == "(1,)");
        CHECK(repr(std::optional<int>()) == "None");
    }

    TEST_CASE("exceptions are written as Name('message')") {
        CHECK(exception_repr(std::make_exception_ptr(ValueError("boom"))) == "ValueError('boom')");
        CHECK(exception_repr(std::make_exception_ptr(CancelledError())) == "CancelledError()");
        CHECK(exception_repr(std::make_exception_ptr(CancelledError("why"))) == "CancelledError('why')");
        CHECK(exception_repr(std::make_exception_ptr(std::runtime_error("x"))) == "std::runtime_error('x')");
        CHECK(exception_repr(std::make_exception_ptr(42)) == "<unknown exception>");
    }

    TEST_CASE("print joins str() of its arguments with single spaces, as Python's print") {
        EventLoop loop;
        std::ostringstream out;
        loop.set_output(&out);
        set_event_loop(&loop);
        print("Waiting: ", 1);
        print("TIME: ", 3.0);
        print("list", std::vector<int>{1, 2}, none, std::string("text"));
        CHECK(out.str() == "Waiting:  1\nTIME:  3.0\nlist [1, 2] None text\n");
        set_event_loop(nullptr);
    }

    TEST_CASE("frame names are the coroutine function's short name") {
        CHECK(detail::frame_name("coolio::Coro<void> coolio::scenarios::{anonymous}::do_some_work(int)") == "do_some_work");
        CHECK(detail::frame_name("coolio::Coro<std::vector<int> > ns::gather_all(std::vector<int>)") == "gather_all");
        CHECK(detail::frame_name("main()::<lambda(int)>") == "<lambda>");
    }
}

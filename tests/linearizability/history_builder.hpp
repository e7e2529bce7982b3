#pragma once
// Hand-written histories for the checker's tests: each call appends one event, in order, so
// a test reads top to bottom the way the operations happened.
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "workloads/history/history.hpp"

namespace squall::lin::testing {

class history_builder {
public:
    history_builder& invoke(std::int64_t process, std::string f, nlohmann::json value = {}) {
        return add(process, squall::history::op_type::invoke, std::move(f), std::move(value));
    }
    history_builder& ok(std::int64_t process, std::string f, nlohmann::json value = {}) {
        return add(process, squall::history::op_type::ok, std::move(f), std::move(value));
    }
    history_builder& fail(std::int64_t process, std::string f, nlohmann::json value = {}) {
        return add(process, squall::history::op_type::fail, std::move(f), std::move(value));
    }
    history_builder& info(std::int64_t process, std::string f, nlohmann::json value = {}) {
        return add(process, squall::history::op_type::info, std::move(f), std::move(value));
    }
    history_builder& nemesis(std::string f) {
        return add(squall::history::nemesis_process, squall::history::op_type::info, std::move(f), {});
    }

    // Invocation and completion back to back: an operation no other one overlaps.
    history_builder& alone(std::int64_t process, const std::string& f, nlohmann::json input, nlohmann::json output) {
        invoke(process, f, std::move(input));
        return ok(process, f, std::move(output));
    }

    const squall::history::history& events() const { return events_; }

private:
    history_builder& add(std::int64_t process, squall::history::op_type type, std::string f, nlohmann::json value) {
        squall::history::op o;
        o.index = std::int64_t(events_.size());
        o.time_ns = 1000 * o.index;
        o.process = process;
        o.type = type;
        o.f = std::move(f);
        o.value = std::move(value);
        events_.push_back(std::move(o));
        return *this;
    }

    squall::history::history events_;
};

}  // namespace squall::lin::testing

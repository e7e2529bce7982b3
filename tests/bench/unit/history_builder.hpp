#pragma once
// Hand-written histories for checker tests: h.invoke(p, f, v, t) / h.ok(p, f, v, t) ...
#include <string>

#include <nlohmann/json.hpp>

#include "workloads/history/history.hpp"

namespace squall::test {

struct history_builder {
    history::history ops;

    history_builder& add(history::op_type type, std::int64_t process, const std::string& f, nlohmann::json value,
                         std::int64_t t_ms, bool final = false) {
        history::op o;
        o.index = static_cast<std::int64_t>(ops.size());
        o.time_ns = t_ms * 1'000'000;
        o.process = process;
        o.type = type;
        o.f = f;
        o.value = std::move(value);
        o.final = final;
        ops.push_back(std::move(o));
        return *this;
    }
    history_builder& invoke(std::int64_t p, const std::string& f, nlohmann::json v, std::int64_t t,
                            bool final = false) {
        return add(history::op_type::invoke, p, f, std::move(v), t, final);
    }
    history_builder& ok(std::int64_t p, const std::string& f, nlohmann::json v, std::int64_t t, bool final = false) {
        return add(history::op_type::ok, p, f, std::move(v), t, final);
    }
    history_builder& fail(std::int64_t p, const std::string& f, nlohmann::json v, std::int64_t t) {
        return add(history::op_type::fail, p, f, std::move(v), t);
    }
    history_builder& info(std::int64_t p, const std::string& f, nlohmann::json v, std::int64_t t) {
        return add(history::op_type::info, p, f, std::move(v), t);
    }
};

}  // namespace squall::test

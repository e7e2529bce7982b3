#pragma once
// Records operations as they happen, stamped with the event core's clock.
#include <cstdint>
#include <optional>

#include <nlohmann/json.hpp>

#include "workloads/bench/core/event_loop.hpp"
#include "workloads/history/history.hpp"

namespace squall::bench {

class history_log {
public:
    explicit history_log(const event_loop& loop) : loop_(loop) {}

    void record(std::int64_t process, history::op_type type, const std::string& f, nlohmann::json value,
                std::optional<nlohmann::json> error = std::nullopt, bool final = false) {
        history::op o;
        o.index = static_cast<std::int64_t>(ops_.size());
        o.time_ns = loop_.now();
        o.process = process;
        o.type = type;
        o.f = f;
        o.value = std::move(value);
        o.error = std::move(error);
        o.final = final;
        count(o);
        ops_.push_back(std::move(o));
    }

    const history::history& ops() const { return ops_; }
    std::int64_t ok() const { return ok_; }
    std::int64_t fail() const { return fail_; }
    std::int64_t info() const { return info_; }
    std::int64_t invocations() const { return invokes_; }

private:
    void count(const history::op& o) {
        if (!o.is_client()) { return; }
        switch (o.type) {
            case history::op_type::invoke: ++invokes_; break;
            case history::op_type::ok: ++ok_; break;
            case history::op_type::fail: ++fail_; break;
            case history::op_type::info: ++info_; break;
        }
    }

    const event_loop& loop_;
    history::history ops_;
    std::int64_t ok_ = 0, fail_ = 0, info_ = 0, invokes_ = 0;
};

}  // namespace squall::bench

#include "workloads/bench/clients/worker_pool.hpp"

#include "common/wire/errors.hpp"

namespace squall::bench {

worker_pool::worker_pool(event_loop& loop, client_registry& clients, history_log& log, workload& w, rng r,
                         const std::vector<std::string>& nodes, int concurrency)
    : loop_(loop), clients_(clients), log_(log), workload_(w), rng_(r) {
    for (int i = 0; i < concurrency; ++i) {
        worker wk;
        wk.thread = i;
        wk.process = i;
        wk.node = nodes[static_cast<std::size_t>(i) % nodes.size()];
        wk.client = &clients_.open();
        workers_.push_back(wk);
    }
}

void worker_pool::start_main(double rate, std::int64_t end_ns) {
    rate_ = rate;
    end_ns_ = end_ns;
    if (rate_ <= 0) { return; }
    running_ = true;
    next_at_ = loop_.now();
    timer_ = loop_.at(next_at_, [this] { tick(); });
}

void worker_pool::stop_main() {
    running_ = false;
    owed_ = false;
    loop_.cancel(timer_);
}

void worker_pool::schedule_next() {
    next_at_ += static_cast<std::int64_t>(rng_.unit() * 2e9 / rate_);
    if (next_at_ >= end_ns_) {
        running_ = false;
        return;
    }
    timer_ = loop_.at(next_at_, [this] { tick(); });
}

void worker_pool::tick() {
    timer_ = timer_handle{};
    if (!running_) { return; }
    if (!issue_any()) {
        owed_ = true;  // the next completion issues it
        return;
    }
    schedule_next();
}

bool worker_pool::issue_any() {
    for (std::size_t k = 0; k < workers_.size(); ++k) {
        worker& w = workers_[(cursor_ + k) % workers_.size()];
        if (w.busy) { continue; }
        auto op = workload_.next_op(w.thread, w.process);
        if (!op) { continue; }
        cursor_ = (cursor_ + k + 1) % workers_.size();
        issue(w, std::move(*op), false);
        return true;
    }
    return false;
}

void worker_pool::run_final() {
    for (auto& w : workers_) {
        if (auto op = workload_.final_op(w.thread)) { issue(w, std::move(*op), true); }
    }
}

bool worker_pool::idle() const {
    for (const auto& w : workers_) {
        if (w.busy) { return false; }
    }
    return true;
}

void worker_pool::issue(worker& w, op_spec op, bool final) {
    w.busy = true;
    log_.record(w.process, history::op_type::invoke, op.f, op.value, std::nullopt, final);
    nlohmann::json body = workload_.request(op);
    w.client->call(w.node, std::move(body), workload_.timeout_ns(),
                   [this, &w, op = std::move(op), final](rpc_reply reply) { complete(w, op, final, reply); });
}

void worker_pool::complete(worker& w, const op_spec& op, bool final, rpc_reply& reply) {
    using history::op_type;
    const bool idem = workload_.idempotent(op.f);
    op_type type = op_type::info;
    nlohmann::json value = op.value;
    std::optional<nlohmann::json> error;
    if (reply.timed_out) {
        type = (idem && workload_.maps_errors()) ? op_type::fail : op_type::info;
        error = "net-timeout";
    } else if (reply.body.value("type", "") == "error") {
        const std::int64_t code = reply.body.value("code", std::int64_t{-1});
        const int maelstrom_code = code >= 0 && code < 1000 ? static_cast<int>(code) : -1;  // others: unknown
        error = nlohmann::json::array({std::string(error_name(maelstrom_code)), reply.body.value("text", "")});
        if (!workload_.maps_errors()) {
            type = op_type::info;
        } else {
            type = (is_definite(maelstrom_code) || idem) ? op_type::fail : op_type::info;
        }
    } else {
        const std::string want = workload_.request(op).value("type", "") + "_ok";
        const std::string got = reply.body.value("type", "");
        auto ok = got == want ? workload_.ok_value(op, reply.body) : std::nullopt;
        if (ok) {
            type = op_type::ok;
            value = std::move(*ok);
        } else {
            error = nlohmann::json::array({"malformed-response", reply.body});
            note_exception("malformed RPC response to " + op.f, reply.body);
        }
    }
    workload_.on_complete(w.thread, op, type);
    log_.record(w.process, type, op.f, std::move(value), std::move(error), final);
    if (type == op_type::info) { settle_info(w); }
    w.busy = false;
    if (loop_.now() >= end_ns_) { running_ = false; }  // no op is owed past the main phase
    if (owed_ && running_) {
        owed_ = false;
        if (issue_any()) {
            schedule_next();
        } else {
            owed_ = true;
        }
    }
}

void worker_pool::settle_info(worker& w) {
    // An indefinite op leaves its Jepsen process open forever; the thread continues as a new one.
    w.process += static_cast<std::int64_t>(workers_.size());
    if (!workload_.reusable_client()) {
        w.client->close();
        w.client = &clients_.open();
    }
}

void worker_pool::note_exception(const std::string& what, const nlohmann::json& detail) {
    ++exceptions_;
    if (exception_samples_.size() < 16) { exception_samples_.push_back({{"message", what}, {"body", detail}}); }
}

}  // namespace squall::bench

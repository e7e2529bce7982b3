#include "workloads/bench/clients/worker_pool.hpp"

#include "common/wire/errors.hpp"

namespace squall::bench {

worker_pool::worker_pool(event_loop& loop, client_registry& clients, history_log& log, workload& w, rng r,
                         const std::vector<std::string>& nodes, int concurrency)
    : loop_(loop), nodes_(nodes), clients_(clients), log_(log), workload_(w), rng_(r) {
    workload_.set_clock([&loop] { return loop.now(); });
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
    final_end_ns_ = loop_.now() + workload_.final_phase_limit_ns();
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
    w.value = op.value;
    w.op = std::move(op);
    w.final = final;
    w.step = 0;
    send_step(w);
}

void worker_pool::send_step(worker& w) {
    auto body = workload_.step_request(w.thread, w.op, w.step, w.value);
    if (!body) {
        complete(w, w.step == 0 ? workload_.local_outcome(w.thread, w.op) : history::op_type::ok, std::nullopt);
        return;
    }
    w.want = body->value("type", "") + "_ok";
    auto done = [this, &w](rpc_reply reply) { on_reply(w, reply); };
    if (bft_matching_ > 0) {
        w.client->call_all(nodes_, std::move(*body), workload_.timeout_ns(), bft_matching_, std::move(done));
    } else {
        w.client->call(w.node, std::move(*body), workload_.timeout_ns(), std::move(done));
    }
}

void worker_pool::on_reply(worker& w, rpc_reply& reply) {
    using history::op_type;
    const bool idem = workload_.idempotent(w.op.f);
    if (reply.timed_out) {
        complete(w, (idem && workload_.maps_errors()) ? op_type::fail : op_type::info, nlohmann::json("net-timeout"));
        return;
    }
    if (reply.body.value("type", "") == "error") {
        const std::int64_t code = reply.body.value("code", std::int64_t{-1});
        const int maelstrom_code = code >= 0 && code < 1000 ? static_cast<int>(code) : -1;  // others: unknown
        nlohmann::json error =
            nlohmann::json::array({std::string(error_name(maelstrom_code)), reply.body.value("text", "")});
        op_type type = op_type::info;
        if (workload_.maps_errors()) { type = (is_definite(maelstrom_code) || idem) ? op_type::fail : op_type::info; }
        complete(w, type, std::move(error));
        return;
    }
    if (reply.body.value("type", "") != w.want || !workload_.step_ok(w.thread, w.op, w.step, w.value, reply.body)) {
        note_exception("malformed RPC response to " + w.op.f, reply.body);
        w.value = w.op.value;
        complete(w, op_type::info, nlohmann::json::array({"malformed-response", reply.body}));
        return;
    }
    ++w.step;
    send_step(w);
}

void worker_pool::complete(worker& w, history::op_type type, std::optional<nlohmann::json> error) {
    using history::op_type;
    // Only an ok op has a completed value; the others keep the invocation's, as Jepsen's do.
    if (type != op_type::ok) { w.value = w.op.value; }
    workload_.on_complete(w.thread, w.op, type, w.value);
    log_.record(w.process, type, w.op.f, std::move(w.value), std::move(error), w.final);
    w.value = nullptr;
    if (type == op_type::info) { settle_info(w); }
    w.busy = false;
    if (w.final) {
        continue_final(w);
        return;
    }
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

void worker_pool::continue_final(worker& w) {
    if (loop_.now() >= final_end_ns_) { return; }
    auto next = workload_.next_final_op(w.thread);
    if (!next) { return; }
    if (next->delay_ns <= 0) {
        issue(w, std::move(next->op), true);
        return;
    }
    if (loop_.now() + next->delay_ns >= final_end_ns_) { return; }
    w.busy = true;
    w.pause = loop_.after(next->delay_ns, [this, &w, op = std::move(next->op)]() mutable {
        w.pause = timer_handle{};
        issue(w, std::move(op), true);
    });
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

#include "workloads/bench/net/network.hpp"

#include <algorithm>
#include <cstdio>

#include "workloads/bench/net/decimal.hpp"
#include "workloads/bench/net/shown_text.hpp"

namespace squall::bench {
namespace {

constexpr std::size_t max_invalid_kept = 50;
constexpr std::int64_t max_invalid_printed = 20;
constexpr std::size_t max_invalid_shown = 300;  // bytes of an invalid line shown
// A node that does not read its input, or one that floods the others, costs the bench at most
// this much memory: past it, messages are dropped (reason "overflow") and counted.
constexpr std::size_t max_backlog_bytes = 32 * 1024 * 1024;   // per node's unread input
constexpr std::size_t max_delayed_bytes = 256 * 1024 * 1024;  // all messages held for latency

}  // namespace

std::int64_t latency_model::draw_ns(rng& r) const {
    if (mean_ms <= 0) { return 0; }
    switch (dist) {
        case latency_dist::constant: return ms_to_ns(mean_ms);
        case latency_dist::uniform: return ms_to_ns(r.unit() * 2 * mean_ms);
        case latency_dist::exponential: return ms_to_ns(r.exponential(mean_ms));
    }
    return 0;
}

network::network(event_loop& loop, rng r, latency_model latency, journal* j)
    : loop_(loop), rng_(r), latency_(latency), journal_(j) {}

void network::add_node(const std::string& id, endpoint* e) {
    index_[id] = static_cast<int>(entries_.size());
    entries_.push_back(entry{id, participant_kind::node, nullptr, e, node_count_++});
}

void network::add_participant(const std::string& id, participant* p, participant_kind kind) {
    index_[id] = static_cast<int>(entries_.size());
    entries_.push_back(entry{id, kind, p, nullptr, -1});
}

int network::lookup(std::string_view id) const {
    auto it = index_.find(id);
    return it == index_.end() ? -1 : it->second;
}

int network::node_index(std::string_view id) const {
    const int i = lookup(id);
    return i < 0 ? -1 : entries_[i].node_index;
}

void network::set_blocked(std::vector<std::vector<bool>> blocked) { blocked_ = std::move(blocked); }

bool network::is_client_hop(int src, int dest) const {
    return entries_[src].kind == participant_kind::client || entries_[dest].kind == participant_kind::client;
}

void network::on_node_line(endpoint& from, const char* line, std::size_t len, const char* readable_end) {
    envelope_view env;
    std::string error = parser_.parse(line, len, readable_end, env);
    int src = -1;
    int dest = -1;
    if (error.empty()) {
        src = lookup(env.src);
        dest = lookup(env.dest);
        if (src < 0) {
            error = "unknown src \"" + std::string(env.src) + "\"";
        } else if (dest < 0) {
            error = "unknown dest \"" + std::string(env.dest) + "\"";
        }
    }
    // What the bench itself reads (client replies, service requests) is checked in full, so
    // a value it cannot represent is reported here instead of dropped later without a word.
    if (error.empty() && entries_[dest].kind != participant_kind::node) {
        error = parser_.check_body(env.body, readable_end);
    }
    if (!error.empty()) {
        report_invalid(from.id(), error, std::string_view(line, len));
        return;
    }
    route(src, dest, env.body);
}

void network::send(std::string_view src, std::string_view dest, std::string_view body) {
    const int s = lookup(src);
    const int d = lookup(dest);
    if (s < 0 || d < 0) { return; }
    route(s, d, body);
}

void network::route(int src, int dest, std::string_view body) {
    const std::int64_t id = next_id_++;
    std::string line;
    line.reserve(body.size() + 64);
    line.append("{\"id\":");
    append_decimal(line, id);
    line.append(",\"src\":\"").append(entries_[src].id);
    line.append("\",\"dest\":\"").append(entries_[dest].id);
    line.append("\",\"body\":");
    const std::size_t body_off = line.size();
    line.append(body);
    line.push_back('}');
    const std::int64_t now = loop_.now();
    if (journal_ != nullptr) { journal_->send(now, line); }
    const bool client = is_client_hop(src, dest);
    ++totals_.all.send_count;
    ++(client ? totals_.clients : totals_.servers).send_count;
    // Only node<->node messages are faulty; a draw happens only for a fault that is on, so
    // the other generators' streams stay as they were.
    const bool faulty = faults_.any() && entries_[src].node_index >= 0 && entries_[dest].node_index >= 0;
    if (faulty && faults_.loss > 0 && fault_rng_.chance(faults_.loss)) {
        ++fault_counts_.lost;
        if (journal_ != nullptr) { journal_->drop(now, id, "loss"); }
        return;
    }
    const bool twice = faulty && faults_.duplicate > 0 && fault_rng_.chance(faults_.duplicate);
    const std::int64_t delay = client ? 0 : draw_delay(faulty);
    if (twice) {
        // The copy is the same message (same envelope id: the journal shows two receives).
        ++fault_counts_.duplicated;
        send_later(draw_delay(faulty), id, src, dest, line, body_off);
    }
    send_later(delay, id, src, dest, std::move(line), body_off);
}

std::int64_t network::draw_delay(bool faulty) {
    std::int64_t delay = latency_.draw_ns(rng_);
    if (faulty && faults_.reorder > 0 && fault_rng_.chance(faults_.reorder)) {
        ++fault_counts_.reordered;
        delay += fault_rng_.between(std::int64_t{0}, ms_to_ns(faults_.reorder_delay_ms));
    }
    return delay;
}

void network::send_later(std::int64_t delay, std::int64_t id, int src, int dest, std::string line,
                         std::size_t body_off) {
    if (delay <= 0) {
        deliver(id, src, dest, line, body_off);
        return;
    }
    if (delayed_bytes_ + line.size() > max_delayed_bytes) {
        ++fault_counts_.dropped_overflow;
        if (journal_ != nullptr) { journal_->drop(loop_.now(), id, "overflow"); }
        return;
    }
    delayed_bytes_ += line.size();
    delayed_.push(pending{loop_.now() + delay, id, src, dest, std::move(line), body_off});
    arm();
}

void network::arm() {
    if (delayed_.empty()) { return; }
    const std::int64_t at = delayed_.top().at;
    if (timer_.valid() && timer_.deadline <= at) { return; }
    loop_.cancel(timer_);
    timer_ = loop_.at(at, [this] {
        timer_ = timer_handle{};
        on_timer();
    });
}

void network::on_timer() {
    const std::int64_t now = loop_.now();
    while (!delayed_.empty() && delayed_.top().at <= now) {
        pending p = std::move(const_cast<pending&>(delayed_.top()));
        delayed_.pop();
        delayed_bytes_ -= p.bytes();
        deliver(p.id, p.src, p.dest, p.line, p.body_off);
    }
    arm();
}

void network::deliver(std::int64_t id, int src, int dest, std::string_view line, std::size_t body_off) {
    const entry& d = entries_[dest];
    const entry& s = entries_[src];
    const std::int64_t now = loop_.now();
    if (d.node_index >= 0 && s.node_index >= 0 && !blocked_.empty() && blocked_[d.node_index][s.node_index]) {
        ++fault_counts_.dropped_partition;
        if (journal_ != nullptr) { journal_->drop(now, id, "partition"); }
        return;
    }
    if (d.e != nullptr && !d.e->alive()) {
        ++fault_counts_.dropped_down;
        if (journal_ != nullptr) { journal_->drop(now, id, "down"); }
        return;
    }
    if (d.e != nullptr && d.e->backlog() > max_backlog_bytes) {
        ++fault_counts_.dropped_overflow;
        if (journal_ != nullptr) { journal_->drop(now, id, "overflow"); }
        if (std::find(overflowed_.begin(), overflowed_.end(), d.id) == overflowed_.end()) {
            overflowed_.push_back(d.id);
            std::fprintf(stderr,
                         "squall: node %s is not reading its input (over %zu MiB unread): "
                         "messages to it are dropped\n",
                         d.id.c_str(), max_backlog_bytes >> 20);
        }
        return;
    }
    if (journal_ != nullptr) { journal_->recv(now, id); }
    ++totals_.all.recv_count;
    ++(is_client_hop(src, dest) ? totals_.clients : totals_.servers).recv_count;
    if (d.e != nullptr) {
        d.e->deliver(line);
        return;
    }
    const std::string_view body = line.substr(body_off, line.size() - body_off - 1);
    d.p->receive(message{id, s.id, d.id, body, line});
}

void network::report_invalid(const std::string& node, const std::string& reason, std::string_view line) {
    ++invalid_count_;
    const std::string why = shown_text(reason, max_invalid_shown);
    const std::string shown = shown_text(line, max_invalid_shown);
    if (invalid_count_ <= max_invalid_printed) {
        std::fprintf(stderr, "squall: node %s printed an invalid message (%s): %s\n", node.c_str(), why.c_str(),
                     shown.c_str());
    }
    if (invalid_.size() < max_invalid_kept) { invalid_.push_back(invalid_line{node, why, shown}); }
}

}  // namespace squall::bench

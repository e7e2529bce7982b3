#include "common/runtime/sim/cluster.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "common/runtime/scheduler.hpp"
#include "common/wire/envelope.hpp"

namespace squall::sim {

namespace {
constexpr std::size_t max_kept_logs = 100000;

std::string padded(std::string&& line) {
    line.reserve(line.size() + simdjson::SIMDJSON_PADDING);
    return std::move(line);
}
}  // namespace

cluster::cluster(cluster_options options, setup_fn setup)
    : options_{options}, setup_{std::move(setup)}, random_{mix_seed(options.seed, 0x5eed)} {
    use_driver_last_scheduler();
    // A stream of its own, so clocks do not shift the latencies drawn from random_.
    rng clocks{mix_seed(options_.seed, 0xc10c)};
    const std::int64_t skew = options_.clock_skew_max.count();
    const auto drift = static_cast<std::int64_t>(options_.clock_drift_max * skewed_clock::exact_rate_ppb);
    for (std::size_t i = 0; i < options_.node_count; ++i) {
        ids_.push_back("n" + std::to_string(i));
        auto m = std::make_unique<member>();
        if (skew > 0 || drift > 0) {
            // Shifted by `skew` so that no clock reads below zero.
            const std::int64_t offset = skew + clocks.between(-skew, skew);
            m->clock = skewed_clock(offset, skewed_clock::exact_rate_ppb + clocks.between(-drift, drift));
        }
        nodes_.push_back(std::move(m));
        build(i);
    }
}

void cluster::build(std::size_t index) {
    member& m = *nodes_[index];
    // The first incarnation keeps the run's seed as it always had; a restart gets a new stream.
    const std::uint64_t seed = m.incarnation == 0 ? options_.seed : mix_seed(options_.seed, m.incarnation);
    m.host = std::make_unique<node_host>(*this, index, seed, m.disk);
    m.n = std::make_unique<node>(*m.host);
    setup_(*m.n, index);
}

node& cluster::at(std::size_t index) {
    if (!alive(index)) { throw std::logic_error("sim: node " + ids_[index] + " is down"); }
    return *nodes_[index]->n;
}

cluster::~cluster() {
    // Stop every node, then fire what is left (sleeps wake early) so no fiber stays blocked
    // on a node that is about to be destroyed.
    for (auto& m : nodes_) {
        if (m->n) { m->n->stop(); }
    }
    for (std::size_t i = 0; i < nodes_.size(); ++i) { settle(i); }
    for (int round = 0; round < 100000 && !events_.empty(); ++round) {
        auto fire = events_.pop_due(time_point::max());
        (*fire)();
    }
    run_until_blocked();
}

void cluster::init() {
    const nlohmann::json ids = ids_;
    for (const std::string& id : ids_) {
        send_from_client("c0", id, {{"type", "init"}, {"node_id", id}, {"node_ids", ids}});
    }
    const bool answered = run_until(
        [&] {
            std::size_t ok = 0;
            for (const auto& reply : client_inbox_["c0"]) { ok += reply.value("type", "") == "init_ok"; }
            return ok == ids_.size();
        },
        10s);
    if (!answered) { throw std::runtime_error("sim: a node did not answer init"); }
}

// ---------------------------------------------------------------------------------------------
// Time

time_point cluster::now(std::size_t node_index) const {
    return time_point{duration{nodes_[node_index]->clock.node_time(now_.time_since_epoch().count())}};
}

time_point cluster::world_deadline(std::size_t node_index, time_point node_deadline) const {
    const std::int64_t at = nodes_[node_index]->clock.world_time(node_deadline.time_since_epoch().count());
    return std::max(now_, time_point{duration{at}});
}

timer_id cluster::schedule(std::size_t node_index, time_point deadline, std::function<void()> fire) {
    const timer_id id{deadline, ++last_timer_};
    const timer_id event = events_.schedule(world_deadline(node_index, deadline), [this, id] { fire_timer(id); });
    timers_.emplace(id, pending_timer{node_index, event, std::move(fire)});
    return id;
}

void cluster::fire_timer(timer_id id) {
    auto it = timers_.find(id);
    if (it == timers_.end()) { return; }
    const std::size_t index = it->second.node_index;
    auto fire = std::move(it->second.fire);
    timers_.erase(it);
    fire();
    settle(index);
}

void cluster::cancel(timer_id id) {
    auto it = timers_.find(id);
    if (it == timers_.end()) { return; }
    events_.cancel(it->second.event);
    timers_.erase(it);
}

void cluster::change_clock(std::size_t index, duration jump, double rate) {
    nodes_[index]->clock.change(now_.time_since_epoch().count(), jump.count(),
                                std::llround(rate * static_cast<double>(skewed_clock::exact_rate_ppb)));
    // Pending deadlines are on the node's clock, so each moves to when the new clock reaches it.
    for (auto& [id, t] : timers_) {
        if (t.node_index != index) { continue; }
        events_.cancel(t.event);
        t.event = events_.schedule(world_deadline(index, id.deadline), [this, id = id] { fire_timer(id); });
    }
}

void cluster::settle(std::size_t node_index) {
    // Always yield once: the event may have made a blocked fiber ready (a reply settling a
    // call, a timer ending a sleep) without queueing any new work.
    node* n = nodes_[node_index]->n.get();
    do { run_until_blocked(); } while (n != nullptr && n->wake_workers());
}

// ---------------------------------------------------------------------------------------------
// Crashes

void cluster::kill(std::size_t index, crash_kind kind) {
    member& m = *nodes_[index];
    if (!m.n || m.retiring) { return; }
    m.retiring = true;
    m.n->stop();  // settles its calls and wakes its sleepers, so its fibers finish here
    settle(index);
    std::erase_if(timers_, [&](const auto& t) {
        if (t.second.node_index != index) { return false; }
        events_.cancel(t.second.event);
        return true;
    });
    m.n.reset();
    m.host.reset();
    m.disk.crash(kind, random_);
    m.retiring = false;
}

void cluster::restart(std::size_t index) {
    if (alive(index)) { return; }
    ++nodes_[index]->incarnation;
    ++restarts_;
    build(index);
    const nlohmann::json ids = ids_;
    const auto reply = call("c0", ids_[index], {{"type", "init"}, {"node_id", ids_[index]}, {"node_ids", ids}}, 10s);
    if (!reply || reply->value("type", "") != "init_ok") {
        throw std::runtime_error("sim: restarted node " + ids_[index] + " did not answer init");
    }
}

bool cluster::step(time_point limit) {
    const auto next = events_.next_deadline();
    if (!next || *next > limit) { return false; }
    now_ = *next;
    auto fire = events_.pop_due(now_);
    (*fire)();
    return true;
}

void cluster::run_for(duration d) {
    const time_point limit = now_ + d;
    while (step(limit)) {}
    now_ = limit;
}

bool cluster::run_until(const std::function<bool()>& done, duration limit) {
    const time_point end = now_ + limit;
    while (!done()) {
        if (!step(end)) {
            now_ = end;
            return done();
        }
    }
    return true;
}

// ---------------------------------------------------------------------------------------------
// Network

std::optional<std::size_t> cluster::index_of(std::string_view id) const {
    for (std::size_t i = 0; i < ids_.size(); ++i) {
        if (ids_[i] == id) { return i; }
    }
    return std::nullopt;
}

void cluster::transmit(std::size_t from, std::string&& line) {
    if (nodes_[from]->retiring) { return; }  // a crashing node's last words never leave it
    message m;
    if (auto error = parse_envelope(*parser_, line, m)) {
        log(from, "sent a malformed message (" + error.reason + "): " + line);
        return;
    }
    const auto to = index_of(m.dest);
    if (!to) {  // a client: zero latency, straight into its inbox
        record(line);
        client_inbox_[m.dest].push_back(m.body());
        return;
    }
    ++node_to_node_;
    const duration latency = random_.between(options_.latency_min, options_.latency_max);
    events_.schedule(now_ + latency, [this, to = *to, from, line = padded(std::move(line))] {
        deliver_to_node(to, from, line);
        settle(to);
    });
}

void cluster::deliver_to_node(std::size_t to, std::size_t from, const std::string& line) {
    if (from != client_origin && blocked_.count({from, to}) > 0) {
        ++dropped_;  // partitions are checked at delivery, as Maelstrom does
        return;
    }
    if (!alive(to) || nodes_[to]->retiring) {
        ++dropped_;  // sent to a node that is down
        return;
    }
    record(line);
    nodes_[to]->n->receive_line(line.data(), line.size(), line.capacity());
}

void cluster::record(const std::string& line) {
    ++delivered_;
    digest_.add(line).add_u64(static_cast<std::uint64_t>(now_.time_since_epoch().count()));
}

std::int64_t cluster::send_from_client(const std::string& client, const std::string& dest, nlohmann::json body) {
    const std::int64_t msg_id = ++client_msg_ids_[client];
    body["msg_id"] = msg_id;
    const auto to = index_of(dest);
    if (!to) { throw std::invalid_argument("sim: no node named " + dest); }
    std::string line;
    append_envelope(line, client, dest, body.dump());
    events_.schedule(now_, [this, to = *to, line = padded(std::move(line))] {
        deliver_to_node(to, client_origin, line);
        settle(to);
    });
    return msg_id;
}

std::optional<nlohmann::json> cluster::call(const std::string& client, const std::string& dest, nlohmann::json body,
                                            duration timeout) {
    const std::int64_t msg_id = send_from_client(client, dest, std::move(body));
    std::optional<nlohmann::json> reply;
    run_until(
        [&] {
            for (const auto& received : client_inbox_[client]) {
                if (received.value("in_reply_to", std::int64_t{-1}) == msg_id) {
                    reply = received;
                    return true;
                }
            }
            return false;
        },
        timeout);
    return reply;
}

void cluster::partition(const std::set<std::size_t>& side_a, const std::set<std::size_t>& side_b) {
    for (const std::size_t a : side_a) {
        for (const std::size_t b : side_b) {
            blocked_.insert({a, b});
            blocked_.insert({b, a});
        }
    }
}

void cluster::log(std::size_t, std::string_view line) {
    if (options_.echo_logs) { std::fprintf(stderr, "%.*s\n", static_cast<int>(line.size()), line.data()); }
    if (logs_.size() < max_kept_logs) { logs_.emplace_back(line); }
}

}  // namespace squall::sim

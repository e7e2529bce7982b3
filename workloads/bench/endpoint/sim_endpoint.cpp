#include "workloads/bench/endpoint/sim_endpoint.hpp"

#include <utility>

#include "common/runtime/scheduler.hpp"

namespace squall::bench {
namespace {

// A bound on the timers fired while a node winds down: each fired sleep may set another.
constexpr int max_retire_rounds = 100000;

// Shared, not copied: copying a std::string (as copying a held event does) drops the spare
// capacity that simdjson reads as padding.
std::shared_ptr<const std::string> padded_copy(std::string_view line) {
    auto s = std::make_shared<std::string>();
    s->reserve(line.size() + simdjson::SIMDJSON_PADDING);
    s->assign(line);
    return s;
}

}  // namespace

sim_endpoint::sim_endpoint(event_loop& loop, sim_node_spec spec)
    : loop_(loop),
      spec_(std::move(spec)),
      delays_(mix_seed(spec_.run_seed, 0xde1a7000 + spec_.index)),
      log_(std::fopen(spec_.log_path.c_str(), "a")) {}

sim_endpoint::~sim_endpoint() {
    retire();
    if (log_ != nullptr) { std::fclose(log_); }
}

bool sim_endpoint::start(std::string&) {
    if (alive()) { return true; }
    // A restarted node is a new object with a new random stream, derived from the run's seed.
    const std::uint64_t seed = mix_seed(spec_.run_seed, ++incarnation_);
    host_ = std::make_unique<sim::node_host>(*this, spec_.index, seed, disk_);
    node_ = std::make_unique<node>(*host_);
    spec_.install(*node_, spec_.args);
    paused_ = false;
    return true;
}

void sim_endpoint::deliver(std::string_view line) {
    if (!alive()) { return; }
    run([this, copy = padded_copy(line)] { node_->receive_line(copy->data(), copy->size(), copy->capacity()); });
}

void sim_endpoint::run(const std::function<void()>& event) {
    if (paused_) {
        held_.push_back(event);
        return;
    }
    event();
    settle();
}

void sim_endpoint::resume() {
    paused_ = false;
    // Events held during the pause happen now, in the order they arrived, as a SIGCONT'd
    // process would read its queued input and see its overdue timers.
    std::vector<std::function<void()>> held;
    held.swap(held_);
    for (const auto& event : held) {
        if (!alive()) { break; }
        event();
        settle();
    }
}

void sim_endpoint::settle() {
    // Always yield once: the event may have made a blocked fiber ready without queueing work.
    do {
        run_until_blocked();
    } while (node_ != nullptr && node_->wake_workers());
}

void sim_endpoint::retire() {
    if (!alive() || retiring_) { return; }
    retiring_ = true;
    held_.clear();
    paused_ = false;
    node_->stop();
    settle();
    // Sleeping fibers only finish when their timers fire, so fire what is left before the
    // node object goes away; nothing they send leaves (transmit drops while retiring).
    for (int round = 0; round < max_retire_rounds && !timers_.empty(); ++round) {
        auto it = timers_.begin();
        loop_.cancel(it->second.handle);
        auto fire = std::move(it->second.fire);
        timers_.erase(it);
        fire();
        settle();
    }
    for (auto& [id, t] : timers_) { loop_.cancel(t.handle); }
    timers_.clear();
    node_.reset();
    host_.reset();
    disk_.crash(crash_kind::process, delays_);
    outbox_.clear();
    retiring_ = false;
}

void sim_endpoint::flush() {
    std::vector<std::string> lines;
    lines.swap(outbox_);
    for (const std::string& l : lines) {
        if (on_line_) { on_line_(*this, l.data(), l.size(), l.data() + l.capacity()); }
    }
}

time_point sim_endpoint::now(std::size_t) const { return time_point{duration{loop_.now()}}; }

timer_id sim_endpoint::schedule(std::size_t, time_point deadline, std::function<void()> fire) {
    const timer_id id{deadline, ++last_timer_};
    std::int64_t at = deadline.time_since_epoch().count();
    if (spec_.timer_delay_max_ns > 0) { at += delays_.between(std::int64_t{0}, spec_.timer_delay_max_ns); }
    pending_timer t{loop_.at(at, [this, id] { on_timer(id); }), std::move(fire)};
    timers_.emplace(id, std::move(t));
    return id;
}

void sim_endpoint::on_timer(timer_id id) {
    auto it = timers_.find(id);
    if (it == timers_.end()) { return; }
    auto fire = std::move(it->second.fire);
    timers_.erase(it);
    run(fire);
}

void sim_endpoint::cancel(timer_id id) {
    auto it = timers_.find(id);
    if (it == timers_.end()) { return; }
    loop_.cancel(it->second.handle);
    timers_.erase(it);
}

void sim_endpoint::transmit(std::size_t, std::string&& line) {
    if (retiring_ || !alive()) { return; }  // a killed node's last words never leave it
    if (line.capacity() - line.size() < simdjson::SIMDJSON_PADDING) {
        line.reserve(line.size() + simdjson::SIMDJSON_PADDING);
    }
    outbox_.push_back(std::move(line));
    loop_.mark_dirty(this);
}

void sim_endpoint::log(std::size_t, std::string_view line) {
    if (log_ != nullptr) {
        std::fprintf(log_, "%.*s\n", static_cast<int>(line.size()), line.data());
    }
    if (spec_.echo_stderr) {
        std::fprintf(stderr, "%s: %.*s\n", spec_.id.c_str(), static_cast<int>(line.size()), line.data());
    }
}

}  // namespace squall::bench

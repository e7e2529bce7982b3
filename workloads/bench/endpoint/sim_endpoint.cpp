#include "workloads/bench/endpoint/sim_endpoint.hpp"

#include <cxxabi.h>

#include <cstdlib>
#include <exception>
#include <typeinfo>
#include <utility>

#include "common/runtime/scheduler.hpp"

namespace squall::bench {
namespace {

constexpr std::size_t max_tail_line = 512;

// What the runtime logs when a task (a timer callback, an rpc callback, a spawned fiber,
// on_init) lets an exception escape; a process would keep running, the simulator ends the
// node as a crash so the failure cannot go unnoticed. The line is "<ms>ms <node> " + this.

// Shared, not copied: copying a std::string (as copying a held event does) drops the spare
// capacity that simdjson reads as padding.
std::shared_ptr<const std::string> padded_copy(std::string_view line) {
    auto s = std::make_shared<std::string>();
    s->reserve(line.size() + simdjson::SIMDJSON_PADDING);
    s->assign(line);
    return s;
}

// "std::runtime_error: what it said", from inside a catch block.
std::string describe_current_exception() {
    std::string type = "an exception of unknown type";
    if (const std::type_info* t = abi::__cxa_current_exception_type()) {
        int status = 0;
        char* readable = abi::__cxa_demangle(t->name(), nullptr, nullptr, &status);
        type = status == 0 && readable != nullptr ? readable : t->name();
        std::free(readable);
    }
    try {
        throw;
    } catch (const std::exception& e) { return type + ": " + e.what(); } catch (...) {
        return type;
    }
}

}  // namespace

void sim_endpoint::line_tail::add(std::string_view line) {
    ring[next].assign(line.substr(0, max_tail_line));  // reuses the slot's capacity
    next = (next + 1) % lines;
    if (count < lines) { ++count; }
}

std::string sim_endpoint::line_tail::text() const {
    std::string out;
    for (std::size_t k = 0; k < count; ++k) { out += ring[(next + lines - count + k) % lines] + "\n"; }
    return out;
}

sim_endpoint::sim_endpoint(event_loop& loop, sim_node_spec spec)
    : loop_(loop),
      spec_(std::move(spec)),
      delays_(mix_seed(spec_.run_seed, 0xde1a7000 + spec_.index)),
      log_(std::fopen(spec_.log_path.c_str(), "a")) {
    if (spec_.clock_skew_max_ns > 0 || spec_.clock_drift_max_ppb > 0) {
        // A stream of its own, so a clock does not shift the timer delays drawn from delays_.
        rng draw(mix_seed(spec_.run_seed, 0xc10c0000 + spec_.index));
        const std::int64_t skew = spec_.clock_skew_max_ns;
        const std::int64_t drift = spec_.clock_drift_max_ppb;
        // Shifted by `skew` so that no clock reads below zero.
        const std::int64_t offset = skew + draw.between(-skew, skew);
        initial_clock_ = sim::skewed_clock(offset, sim::skewed_clock::exact_rate_ppb + draw.between(-drift, drift));
        clock_ = initial_clock_;
    }
}

sim_endpoint::~sim_endpoint() {
    retire(crash_kind::process);
    if (log_ != nullptr) { std::fclose(log_); }
}

bool sim_endpoint::start(std::string& error) {
    if (alive()) { return true; }
    // A restarted node is a new object with a new random stream, derived from the run's seed.
    const std::uint64_t seed = mix_seed(spec_.run_seed, ++incarnation_);
    host_ = std::make_unique<sim::node_host>(*this, spec_.index, seed, disk_);
    node_ = std::make_unique<node>(*host_);
    paused_ = false;
    try {
        spec_.install(*node_, spec_.args);
    } catch (...) {
        error = "node " + spec_.id + " failed to start: " + describe_current_exception();
        retire(crash_kind::process);
        return false;
    }
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
    guarded(event);
}

void sim_endpoint::guarded(const std::function<void()>& event) {
    try {
        event();
    } catch (...) {
        if (failure_.empty()) { failure_ = "the runtime threw " + describe_current_exception(); }
    }
    settle();
    if (!failure_.empty()) { crash(); }
}

void sim_endpoint::resume() {
    paused_ = false;
    // Events held during the pause happen now, in the order they arrived, as a SIGCONT'd
    // process would read its queued input and see its overdue timers.
    std::vector<std::function<void()>> held;
    held.swap(held_);
    for (const auto& event : held) {
        if (!alive()) { break; }
        guarded(event);
    }
}

void sim_endpoint::settle() {
    // Always yield once: the event may have made a blocked fiber ready without queueing work.
    do { run_until_blocked(); } while (node_ != nullptr && node_->wake_workers());
}

void sim_endpoint::crash() {
    std::string why = "Node " + spec_.id + " crashed: " + failure_ + ".";
    why += "\nBefore crashing, it wrote to STDOUT:\n" + sent_tail_.text();
    why += "\nAnd to STDERR:\n" + log_tail_.text();
    failure_.clear();
    retire(crash_kind::process);
    if (on_exit_) { on_exit_(*this, why); }
}

void sim_endpoint::retire(crash_kind kind) {
    if (!alive() || retiring_) { return; }
    retiring_ = true;
    held_.clear();
    paused_ = false;
    node_->stop();  // settles its calls and wakes its sleepers, so its fibers finish here
    settle();
    // What is left are timers of after() and every(), which a stopped node never runs.
    for (auto& [id, t] : timers_) { loop_.cancel(t.handle); }
    timers_.clear();
    node_.reset();
    host_.reset();
    disk_.crash(kind, delays_);
    outbox_.clear();
    failure_.clear();
    retiring_ = false;
}

void sim_endpoint::flush() {
    std::vector<std::string> lines;
    lines.swap(outbox_);
    for (const std::string& l : lines) {
        if (on_line_) { on_line_(*this, l.data(), l.size(), l.data() + l.capacity()); }
    }
}

// ---------------------------------------------------------------------------------------------
// Time: deadlines are on the node's clock; the loop fires them at the first loop instant the
// node's clock reaches them, plus --sim-timer-delay's draw.

time_point sim_endpoint::now(std::size_t) const { return time_point{duration{node_time_ns()}}; }

timer_handle sim_endpoint::arm(timer_id id, std::int64_t extra_delay_ns) {
    const std::int64_t at = clock_.world_time(id.deadline.time_since_epoch().count()) + extra_delay_ns;
    return loop_.at(at, [this, id] { on_timer(id); });
}

timer_id sim_endpoint::schedule(std::size_t, time_point deadline, std::function<void()> fire) {
    const timer_id id{deadline, ++last_timer_};
    std::int64_t extra = 0;
    if (spec_.timer_delay_max_ns > 0) { extra = delays_.between(std::int64_t{0}, spec_.timer_delay_max_ns); }
    timers_.emplace(id, pending_timer{arm(id, extra), std::move(fire), extra});
    return id;
}

void sim_endpoint::on_timer(timer_id id) {
    auto it = timers_.find(id);
    if (it == timers_.end()) { return; }
    it->second.handle = timer_handle{};
    if (paused_) {
        // Decided on resume: a clock fault during the pause may have moved the deadline away.
        held_.push_back([this, id] { fire_if_due(id); });
        return;
    }
    if (node_time_ns() < id.deadline.time_since_epoch().count()) {
        // The one promise of a timer; breaking it would make every clock test meaningless.
        std::fprintf(stderr, "squall: simulator bug: a timer of %s fired before its deadline\n", spec_.id.c_str());
        std::abort();
    }
    auto fire = std::move(it->second.fire);
    timers_.erase(it);
    guarded(fire);
}

void sim_endpoint::fire_if_due(timer_id id) {
    auto it = timers_.find(id);
    if (it == timers_.end()) { return; }
    if (node_time_ns() < id.deadline.time_since_epoch().count()) {
        loop_.cancel(it->second.handle);
        it->second.handle = arm(id, 0);
        return;
    }
    loop_.cancel(it->second.handle);
    auto fire = std::move(it->second.fire);
    timers_.erase(it);
    fire();
}

void sim_endpoint::cancel(timer_id id) {
    auto it = timers_.find(id);
    if (it == timers_.end()) { return; }
    loop_.cancel(it->second.handle);
    timers_.erase(it);
}

void sim_endpoint::rearm_all() {
    // In id order, so timers that become due together fire in a fixed order.
    for (auto& [id, t] : timers_) {
        loop_.cancel(t.handle);
        t.handle = arm(id, t.extra_delay_ns);
    }
}

bool sim_endpoint::shift_clock(std::int64_t jump_ns, std::int64_t rate_ppb) {
    const std::int64_t now = loop_.now();
    // Never below zero: node code may take a zero time point for "never".
    const std::int64_t floor_jump = -clock_.node_time(now);
    clock_.change(now, std::max(jump_ns, floor_jump), rate_ppb);
    rearm_all();
    return true;
}

bool sim_endpoint::reset_clock() {
    clock_ = initial_clock_;
    rearm_all();
    return true;
}

// ---------------------------------------------------------------------------------------------
// Output

void sim_endpoint::transmit(std::size_t, std::string&& line) {
    if (retiring_ || !alive()) { return; }  // a killed node's last words never leave it
    sent_tail_.add(line);
    if (line.capacity() - line.size() < simdjson::SIMDJSON_PADDING) {
        line.reserve(line.size() + simdjson::SIMDJSON_PADDING);
    }
    outbox_.push_back(std::move(line));
    loop_.mark_dirty(this);
}

void sim_endpoint::task_failed(std::size_t, std::string_view what) {
    if (!retiring_ && failure_.empty()) {
        failure_ = "a task threw (an exception escaped a timer, an rpc callback or a fiber): " + std::string(what);
    }
}

void sim_endpoint::log(std::size_t, std::string_view line) {
    log_tail_.add(line);
    if (log_ != nullptr) { std::fprintf(log_, "%.*s\n", static_cast<int>(line.size()), line.data()); }
    if (spec_.echo_stderr) {
        std::fprintf(stderr, "%s: %.*s\n", spec_.id.c_str(), static_cast<int>(line.size()), line.data());
    }
}

}  // namespace squall::bench

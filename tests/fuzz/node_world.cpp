#include "tests/fuzz/node_world.hpp"

#include <string>

#include "common/core/rng.hpp"
#include "common/runtime/scheduler.hpp"
#include "common/wire/envelope.hpp"
#include "tests/fuzz/fuzz_target.hpp"

namespace squall::fuzz {

namespace {
using namespace std::chrono_literals;
constexpr std::uint64_t seed = 1;
constexpr duration between_lines = 10ms;
constexpr duration wait_directive = 1s;
constexpr duration settle_at_end = 3s;
}  // namespace

node_world::node_world(setup_fn setup) : setup_{std::move(setup)} {
    use_driver_last_scheduler();
    build();
}

node_world::~node_world() {
    // As sim::cluster does: stop the node, let its fibers unwind, then fire what is left so
    // no fiber stays blocked on a node that is about to be destroyed.
    crash();
}

void node_world::build() {
    host_ = std::make_unique<sim::node_host>(*this, 0, mix_seed(seed, incarnation_), disk_);
    node_ = std::make_unique<node>(*host_);
    setup_(*node_);
    ++incarnation_;
}

void node_world::crash() {
    if (!node_) { return; }
    node_->stop();
    settle();
    for (int round = 0; round < 100000 && !events_.empty(); ++round) {
        auto fire = events_.pop_due(time_point::max());
        (*fire)();
        settle();
    }
    events_.clear();
    node_.reset();
    host_.reset();
}

void node_world::run(std::string_view input) {
    while (!input.empty()) {
        const std::size_t end = input.find('\n');
        const std::string_view line = input.substr(0, end);
        input = end == std::string_view::npos ? std::string_view{} : input.substr(end + 1);
        if (line == "!wait") {
            run_for(wait_directive);
        } else if (line == "!restart") {
            crash();
            build();
        } else {
            deliver(line);
            run_for(between_lines);
        }
    }
    run_for(settle_at_end);
}

void node_world::deliver(std::string_view line) {
    if (!node_) { return; }
    padded_.assign(line);
    padded_.reserve(line.size() + simdjson::SIMDJSON_PADDING);
    node_->receive_line(padded_.data(), padded_.size(), padded_.capacity());
    settle();
}

void node_world::run_for(duration d) {
    const time_point limit = now_ + d;
    while (auto next = events_.next_deadline()) {
        if (*next > limit) { break; }
        now_ = *next;
        auto fire = events_.pop_due(now_);
        (*fire)();
        settle();
    }
    now_ = limit;
}

void node_world::settle() {
    do { run_until_blocked(); } while (node_ && node_->wake_workers());
}

timer_id node_world::schedule(std::size_t, time_point deadline, std::function<void()> fire) {
    return events_.schedule(std::max(deadline, now_), std::move(fire));
}

void node_world::transmit(std::size_t, std::string&& line) {
    // Every line a node writes must be one JSON object a Maelstrom peer can read: valid UTF-8,
    // nothing nlohmann or simdjson would refuse, routed by src and dest.
    line.reserve(line.size() + simdjson::SIMDJSON_PADDING);
    simdjson::dom::element parsed;
    if (validator_.parse(line).get(parsed) != simdjson::SUCCESS) {
        fuzz::fail(("the node wrote a line that is not valid JSON: " + line.substr(0, 300)).c_str());
    }
    simdjson::ondemand::parser parser;
    message m;
    if (auto error = parse_envelope(parser, line, m)) {
        fuzz::fail(("the node wrote a malformed message (" + error.reason + "): " + line.substr(0, 300)).c_str());
    }
}

void node_world::task_failed(std::size_t, std::string_view what) {
    fuzz::fail(("a task threw (the simulator counts it as a crash): " + std::string{what}).c_str());
}

}  // namespace squall::fuzz

#pragma once
// The node API, in the spirit of Maelstrom's Go library. A node registers handlers by
// message type; each handler runs on a fiber, so it may block on call() or sleep() without
// stopping the node. Everything nondeterministic (time, timers, randomness, the network)
// comes through here from the backend, which is what lets the same node run as a process and
// inside the simulator.
//
//   void install(squall::node& n) {
//       n.on("echo", [&n](const squall::message& m) {
//           n.reply(m, {{"type", "echo_ok"}, {"echo", m.body()["echo"]}});
//       });
//   }
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>
#include <simdjson.h>

#include "common/core/rng.hpp"
#include "common/core/time.hpp"
#include "common/runtime/host.hpp"
#include "common/runtime/node_stopped.hpp"
#include "common/runtime/rpc_result.hpp"
#include "common/runtime/published_cores.hpp"
#include "common/runtime/worker_pool.hpp"
#include "common/wire/errors.hpp"
#include "common/wire/json_writer.hpp"
#include "common/wire/message.hpp"

namespace squall {

using handler = std::function<void(const message&)>;

class node {
public:
    explicit node(host& backend);
    node(const node&) = delete;
    node& operator=(const node&) = delete;
    ~node();

    // --- Set-up (before the first message) ---
    void on(std::string type, handler h);
    // Runs (on a fiber) once init has been answered; node_ids() is known by then.
    void on_init(std::function<void()> f);

    // --- Identity ---
    const std::string& id() const { return id_; }
    const std::vector<std::string>& node_ids() const { return node_ids_; }
    bool initialized() const { return !id_.empty(); }

    // --- Messages ---
    void send(std::string_view dest, nlohmann::json body);
    void reply(const message& request, nlohmann::json body);
    void reply(const message& request, json_writer&& body);
    void reply_error(const message& request, int code, std::string_view text);
    void reply_error(const message& request, error_code code, std::string_view text) {
        reply_error(request, static_cast<int>(code), text);
    }
    // Sends a request and calls `done` (on a fiber) with the reply or a timeout.
    void rpc(std::string_view dest, nlohmann::json body, duration timeout, std::function<void(const rpc_result&)> done);
    // Sends a request and suspends this fiber until the reply or the timeout.
    rpc_result call(std::string_view dest, nlohmann::json body, duration timeout);

    // --- Time, tasks, randomness, logging ---
    time_point now() const { return host_.now(); }
    timer_id after(duration delay, std::function<void()> f);
    void cancel(timer_id id) { host_.cancel(id); }
    // Runs `f` every `period`, measured from the end of the previous run (so runs never overlap).
    void every(duration period, std::function<void()> f);
    void sleep(duration d);  // suspends this fiber only
    void spawn(std::function<void()> f);
    rng& random() { return random_; }
    void log(std::string_view text);
    // Stable storage that survives a restart of this node (see storage/durable_store.hpp).
    durable_store& store() { return host_.store(); }
    // The protocol cores this node lets the simulator inspect (published_cores.hpp).
    published_cores& cores() { return cores_; }
    const published_cores& cores() const { return cores_; }

    // --- Driving (backends only) ---
    // Parses one input line (followed by simdjson padding) and queues its work.
    void receive_line(const char* data, std::size_t length, std::size_t capacity);
    void receive(message&& m);
    void receive(task_ptr t);
    // Starts workers for queued tasks; the driver then yields. True while work is queued.
    bool wake_workers() { return workers_.wake(); }
    bool has_queued_work() const { return workers_.has_queued(); }
    std::size_t busy_workers() const { return workers_.busy(); }
    // Settles every pending call as timed out and wakes every sleeping fiber with node_stopped,
    // so no fiber of the node stays blocked on the runtime; timers set with after() and every()
    // simply never fire. A host stopping a node need not fire anything afterwards.
    void stop();
    bool stopped() const { return stopped_; }

private:
    struct pending_call {
        std::function<void(const rpc_result&)> done;
        timer_id timeout;
    };
    // A fiber in sleep(): its wake-up timer, and how to wake it (stopped: with node_stopped).
    struct sleeper {
        timer_id timer;
        std::function<void(bool stopped)> wake;
    };

    void dispatch(task_ptr t);
    void handle_init(const message& m);
    void serve(const handler& h, const message& m);
    void run_task(task& t);
    void answer_reply(message&& m);
    void emit(std::string_view dest, std::string&& body_json);
    void send_request(std::string_view dest, nlohmann::json&& body, duration timeout,
                      std::function<void(const rpc_result&)> settle);
    std::string body_with(nlohmann::json&& body, std::string_view key, std::int64_t value);
    std::int64_t next_msg_id() { return ++last_msg_id_; }

    host& host_;
    worker_pool workers_;
    rng random_;
    // Held by pointer: simdjson's parser changes layout with build flags (NDEBUG), and a node
    // built with other flags than this library must still agree on node's layout.
    std::unique_ptr<simdjson::ondemand::parser> parser_;
    std::string id_;
    std::vector<std::string> node_ids_;
    published_cores cores_;
    std::unordered_map<std::string, handler> handlers_;
    std::vector<std::function<void()>> init_callbacks_;
    std::vector<task_ptr> before_init_;  // peers may talk to us before our own init arrives
    static const handler not_supported_;
    std::map<std::int64_t, pending_call> pending_;
    std::map<std::uint64_t, sleeper> sleepers_;
    std::uint64_t last_sleeper_ = 0;
    std::int64_t last_msg_id_ = 0;
    bool stopped_ = false;
};

}  // namespace squall

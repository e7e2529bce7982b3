#include "common/runtime/node.hpp"

#include <set>

#include <boost/fiber/future.hpp>

#include "common/wire/envelope.hpp"

namespace squall {

namespace {
// Messages that arrive before our own init are held, up to this many, then refused with a
// definite error 11 (they were certainly not processed).
constexpr std::size_t max_before_init = 100000;
}  // namespace

node::node(host& backend)
    : host_{backend},
      workers_{[this](task& t) { run_task(t); },
               [this](std::string_view what) {
                   log(std::string{"task failed: "} + std::string{what});
                   host_.task_failed(what);
               }},
      random_{backend.seed()},
      parser_{std::make_unique<simdjson::ondemand::parser>()} {}

node::~node() { stop(); }

const handler node::not_supported_ = [](const message& m) {
    throw rpc_error(error_code::not_supported, "unknown message type " + m.type);
};

void node::on(std::string type, handler h) { handlers_[std::move(type)] = std::move(h); }

void node::on_init(std::function<void()> f) { init_callbacks_.push_back(std::move(f)); }

// ---------------------------------------------------------------------------------------------
// Inbound

void node::receive_line(const char* data, std::size_t length, std::size_t capacity) {
    task_ptr t = workers_.acquire();  // parse straight into a recycled task's message
    message& m = t->request;
    if (auto error = parse_envelope(*parser_, data, length, capacity, m)) {
        log("malformed input (" + error.reason + "): " + std::string{data, std::min<std::size_t>(length, 512)});
        if (!m.src.empty() && m.msg_id) {
            m.type = "malformed";
            reply_error(m, error_code::malformed_request, "malformed message: " + error.reason);
        }
        return;
    }
    receive(std::move(t));
}

void node::receive(message&& m) {
    task_ptr t = workers_.acquire();
    t->request = std::move(m);
    receive(std::move(t));
}

void node::receive(task_ptr t) {
    if (stopped_) { return; }
    message& m = t->request;
    m.use_parser(parser_.get());
    if (m.in_reply_to && pending_.count(*m.in_reply_to) > 0) {
        answer_reply(std::move(m));
        return;
    }
    if (m.type == "init") {
        handle_init(m);
        return;
    }
    if (!initialized()) {
        if (before_init_.size() < max_before_init) {
            before_init_.push_back(std::move(t));
        } else if (m.msg_id) {
            reply_error(m, error_code::temporarily_unavailable, "node is not initialized yet");
        }
        return;
    }
    dispatch(std::move(t));
}

void node::dispatch(task_ptr t) {
    const message& m = t->request;
    auto it = handlers_.find(m.type);
    if (it != handlers_.end()) {
        t->handler = &it->second;
    } else {
        if (m.in_reply_to) { return; }  // a reply nobody waits for (late, or fire-and-forget)
        log("unknown message type '" + m.type + "' from " + m.src);
        // Answered by a task like any other, so replies keep the order of the requests.
        t->handler = &not_supported_;
    }
    workers_.post(std::move(t));
}

void node::run_task(task& t) {
    if (t.handler != nullptr) {
        serve(*t.handler, t.request);
    } else {
        t.function();
    }
}

void node::serve(const handler& h, const message& m) {
    try {
        h(m);
    } catch (const node_stopped&) { throw; } catch (const rpc_error& e) {
        if (e.code() == static_cast<int>(error_code::malformed_request)) {
            log("refused '" + m.type + "' from " + m.src + ": " + e.what());
        }
        if (m.msg_id) { reply_error(m, e.code(), e.what()); }
    } catch (const std::exception& e) {
        log("handler for '" + m.type + "' threw: " + e.what());
        if (m.msg_id) { reply_error(m, error_code::crash, e.what()); }
    } catch (...) {
        log("handler for '" + m.type + "' threw a non-exception");
        if (m.msg_id) { reply_error(m, error_code::crash, "unknown exception"); }
    }
}

namespace {
// The identity an init carries, or why it is not a usable one.
struct init_identity {
    std::string id;
    std::vector<std::string> ids;
    std::string problem;  // empty when usable
};

init_identity read_init(const message& m) {
    init_identity out;
    const nlohmann::json* body = nullptr;
    try {
        body = &m.body();
    } catch (const rpc_error& e) {
        out.problem = e.what();
        return out;
    }
    const auto node_id = body->find("node_id");
    const auto ids = body->find("node_ids");
    if (node_id == body->end() || !node_id->is_string() || node_id->get_ref<const std::string&>().empty()) {
        out.problem = "init needs node_id, a non-empty string";
        return out;
    }
    if (ids == body->end() || !ids->is_array()) {
        out.problem = "init needs node_ids, an array";
        return out;
    }
    out.id = node_id->get<std::string>();
    std::set<std::string> distinct;
    for (const auto& peer : *ids) {
        if (!peer.is_string() || peer.get_ref<const std::string&>().empty()) {
            out.problem = "node_ids must be non-empty strings";
            return out;
        }
        out.ids.push_back(peer.get<std::string>());
        if (!distinct.insert(out.ids.back()).second) {
            out.problem = "node_ids names " + out.ids.back() + " twice";
            return out;
        }
    }
    if (distinct.count(out.id) == 0) { out.problem = "node_id " + out.id + " is not one of node_ids"; }
    return out;
}
}  // namespace

// The identity is given once. An init that is not a usable identity is refused with 12 and the
// node keeps waiting for a valid one; a repeated init with the same identity is answered again
// (a client that lost the first init_ok retries); one with another identity is refused with 22
// (precondition failed): changing a running node's id or cluster would corrupt its state.
void node::handle_init(const message& m) {
    init_identity identity = read_init(m);
    if (!identity.problem.empty()) {
        log("refused init from " + m.src + ": " + identity.problem);
        if (m.msg_id) { reply_error(m, error_code::malformed_request, identity.problem); }
        return;
    }
    if (initialized()) {
        if (identity.id != id_ || identity.ids != node_ids_) {
            log("refused init from " + m.src + " as " + identity.id + ": already initialized");
            if (m.msg_id) {
                reply_error(m, error_code::precondition_failed,
                            "already initialized as " + id_ + "; an init with other ids is refused");
            }
            return;
        }
        log("init received again with the same identity");
        json_writer ok;
        ok.field("type", "init_ok");
        reply(m, std::move(ok));
        return;
    }
    id_ = std::move(identity.id);
    node_ids_ = std::move(identity.ids);
    json_writer ok;
    ok.field("type", "init_ok");
    reply(m, std::move(ok));
    for (auto& callback : init_callbacks_) { spawn(callback); }
    std::vector<task_ptr> held = std::move(before_init_);
    before_init_.clear();
    for (task_ptr& early : held) { dispatch(std::move(early)); }
}

void node::answer_reply(message&& m) {
    auto it = pending_.find(*m.in_reply_to);
    pending_call call = std::move(it->second);
    pending_.erase(it);
    host_.cancel(call.timeout);
    call.done(rpc_result::replied(std::make_shared<const message>(std::move(m))));
}

// ---------------------------------------------------------------------------------------------
// Outbound

void node::emit(std::string_view dest, std::string&& body_json) { host_.emit(id_, dest, body_json); }

std::string node::body_with(nlohmann::json&& body, std::string_view key, std::int64_t value) {
    if (!body.is_object()) { body = nlohmann::json::object(); }
    body[std::string{key}] = value;
    return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void node::send(std::string_view dest, nlohmann::json body) {
    emit(dest, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

void node::reply(const message& request, nlohmann::json body) {
    if (!request.msg_id) { return; }  // nothing to reply to
    emit(request.src, body_with(std::move(body), "in_reply_to", *request.msg_id));
}

void node::reply(const message& request, json_writer&& body) {
    if (!request.msg_id) { return; }
    body.field("in_reply_to", *request.msg_id);
    host_.emit(id_, request.src, body.close());
}

void node::reply_error(const message& request, int code, std::string_view text) {
    json_writer body;
    body.field("type", "error").field("code", std::int64_t{code}).field("text", text);
    reply(request, std::move(body));
}

// Registers a pending request, settled by its reply or, at the deadline, as timed out (a
// reply arriving later finds no entry and is dropped), then sends it.
void node::send_request(std::string_view dest, nlohmann::json&& body, duration timeout,
                        std::function<void(const rpc_result&)> settle) {
    const std::int64_t id = next_msg_id();
    const timer_id deadline = host_.schedule(now() + timeout, [this, id] {
        auto it = pending_.find(id);
        if (it == pending_.end()) { return; }
        auto done = std::move(it->second.done);
        pending_.erase(it);
        done(rpc_result::timed_out());
    });
    pending_.emplace(id, pending_call{std::move(settle), deadline});
    emit(dest, body_with(std::move(body), "msg_id", id));
}

void node::rpc(std::string_view dest, nlohmann::json body, duration timeout,
               std::function<void(const rpc_result&)> done) {
    // The callback may block (it is user code), so it runs as a task of its own.
    send_request(dest, std::move(body), timeout, [this, done = std::move(done)](const rpc_result& result) {
        workers_.post([done, result] { done(result); });
    });
}

rpc_result node::call(std::string_view dest, nlohmann::json body, duration timeout) {
    if (stopped_) { throw node_stopped{}; }
    auto outcome = std::make_shared<boost::fibers::promise<rpc_result>>();
    auto future = outcome->get_future();
    send_request(dest, std::move(body), timeout, [outcome](const rpc_result& r) { outcome->set_value(r); });
    return future.get();  // an untimed wait: the deadline timer settles it on time
}

// ---------------------------------------------------------------------------------------------
// Time and tasks

timer_id node::after(duration delay, std::function<void()> f) {
    return host_.schedule(now() + delay, [this, f = std::move(f)] {
        if (!stopped_) { workers_.post(f); }
    });
}

void node::every(duration period, std::function<void()> f) {
    after(period, [this, period, f] {
        // Re-armed even when f throws, so one failed round does not end the series.
        struct rearm {
            node* self;
            duration period;
            const std::function<void()>& f;
            ~rearm() { self->every(period, f); }
        } guard{this, period, f};
        f();
    });
}

void node::sleep(duration d) {
    if (stopped_) { throw node_stopped{}; }
    auto woken = std::make_shared<boost::fibers::promise<void>>();
    auto future = woken->get_future();
    const std::uint64_t id = ++last_sleeper_;
    const timer_id timer = host_.schedule(now() + d, [this, id] {
        auto it = sleepers_.find(id);
        if (it == sleepers_.end()) { return; }
        auto wake = std::move(it->second.wake);
        sleepers_.erase(it);
        wake(/*stopped=*/false);
    });
    sleepers_.emplace(id, sleeper{timer, [woken](bool stopped) {
                                      if (stopped) {
                                          woken->set_exception(std::make_exception_ptr(node_stopped{}));
                                      } else {
                                          woken->set_value();
                                      }
                                  }});
    future.get();  // throws node_stopped when the node stops first
}

void node::spawn(std::function<void()> f) { workers_.post(std::move(f)); }

void node::log(std::string_view text) {
    std::string line = std::to_string(to_millis(now().time_since_epoch()));
    line += "ms ";
    line += id_.empty() ? std::string_view{"?"} : std::string_view{id_};
    line += ' ';
    line += text;
    host_.log_line(line);
}

void node::stop() {
    if (stopped_) { return; }
    stopped_ = true;
    // Settle every pending call, so no fiber waits for a reply that can no longer arrive.
    auto pending = std::move(pending_);
    pending_.clear();
    for (auto& [id, call] : pending) {
        host_.cancel(call.timeout);
        call.done(rpc_result::timed_out());
    }
    // And every sleeping fiber, so none waits for a timer nobody will fire.
    auto sleepers = std::move(sleepers_);
    sleepers_.clear();
    for (auto& [id, s] : sleepers) {
        host_.cancel(s.timer);
        s.wake(/*stopped=*/true);
    }
    workers_.stop();
}

}  // namespace squall

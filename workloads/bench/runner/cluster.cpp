#include "workloads/bench/runner/cluster.hpp"

#include <filesystem>

#include "workloads/bench/net/shown_text.hpp"

namespace squall::bench {

constexpr std::int64_t init_timeout_ns = 10'000'000'000;

cluster::cluster(event_loop& loop, network& net, client_registry& clients, std::vector<std::string> nodes,
                 cluster_paths paths)
    : loop_(loop), net_(net), clients_(clients), nodes_(std::move(nodes)), paths_(std::move(paths)) {
    if (!paths_.make) { process_endpoint::take_charge(); }
    for (std::size_t k = 0; k < nodes_.size(); ++k) {
        const std::string& id = nodes_[k];
        process_spec spec;
        spec.id = id;
        spec.bin = paths_.bin;
        spec.args = paths_.args;
        if (auto own = paths_.node_args.find(id); own != paths_.node_args.end()) {
            spec.args.insert(spec.args.end(), own->second.begin(), own->second.end());
        }
        spec.cwd = paths_.cwd;
        spec.data_dir = paths_.data_dir + "/" + id;
        spec.log_path = paths_.log_dir + "/" + id + ".log";
        spec.echo_stderr = paths_.echo_stderr;
        std::filesystem::create_directories(spec.data_dir);
        std::unique_ptr<endpoint> e;
        if (paths_.make) {
            e = paths_.make(loop_, id, k, spec.log_path);
        } else {
            e = std::make_unique<process_endpoint>(loop_, spec);
        }
        e->on_line([this](endpoint& from, const char* line, std::size_t len, const char* end) {
            net_.on_node_line(from, line, len, end);
        });
        e->on_exit([this](endpoint&, const std::string& why) {
            if (crash_.empty()) { crash_ = why; }
        });
        e->on_refused([this](endpoint& from, const std::string& why, std::string_view start) {
            net_.report_invalid(from.id(), why, start);
        });
        net_.add_node(id, e.get());
        endpoints_.push_back(std::move(e));
    }
}

bool cluster::start(std::string& error) {
    for (auto& e : endpoints_) {
        if (!e->start(error)) { return false; }
    }
    pending_inits_ = static_cast<int>(nodes_.size());
    for (std::size_t k = 0; k < nodes_.size(); ++k) { send_init(k); }
    return true;
}

void cluster::send_init(std::size_t k) {
    rpc_client& c = clients_.open();
    const std::string node = nodes_[k];
    nlohmann::json body = {{"type", "init"}, {"node_id", node}, {"node_ids", nodes_}};
    c.call(node, std::move(body), init_timeout_ns, [this, node, &c](rpc_reply r) {
        c.close();
        if (r.timed_out) {
            init_error_ = "Expected node " + node + " to respond to an init message, but node did not respond.";
            if (const auto* p = dynamic_cast<const process_endpoint*>(&at(node)); p != nullptr) {
                init_error_ += "\nIts last STDERR:\n" + p->stderr_tail();
            }
        } else if (const auto type = r.body.find("type");
                   type == r.body.end() || !type->is_string() || *type != "init_ok") {
            init_error_ =
                "Expected an init_ok message, but node " + node + " responded with " + shown_text(r.body.dump(), 1000);
        }
        if (pending_inits_ > 0) { --pending_inits_; }
    });
}

endpoint& cluster::at(const std::string& node) {
    for (std::size_t k = 0; k < nodes_.size(); ++k) {
        if (nodes_[k] == node) { return *endpoints_[k]; }
    }
    return *endpoints_.front();
}

void cluster::kill(const std::string& node) {
    at(node).kill();
    end_strays();
}

void cluster::end_strays() {
    if (paths_.make) { return; }  // in-process nodes fork nothing
    std::vector<pid_t> live;
    for (auto& e : endpoints_) {
        if (auto* p = dynamic_cast<process_endpoint*>(e.get()); p != nullptr && p->alive()) {
            live.push_back(p->pid());
        }
    }
    process_endpoint::kill_strays(live);
}

bool cluster::restart(const std::string& node, std::string& error) {
    auto& e = at(node);
    if (e.alive()) { return true; }
    if (!e.start(error)) { return false; }
    ++restarts_;
    for (std::size_t k = 0; k < nodes_.size(); ++k) {
        if (nodes_[k] == node) {
            ++pending_inits_;
            send_init(k);
        }
    }
    return true;
}

void cluster::pause(const std::string& node) { at(node).pause(); }
bool cluster::shift_clock(const std::string& node, std::int64_t jump_ns, std::int64_t rate_ppb) {
    return at(node).shift_clock(jump_ns, rate_ppb);
}
bool cluster::reset_clock(const std::string& node) { return at(node).reset_clock(); }
void cluster::resume(const std::string& node) { at(node).resume(); }
bool cluster::is_down(const std::string& node) const {
    for (std::size_t k = 0; k < nodes_.size(); ++k) {
        if (nodes_[k] == node) { return !endpoints_[k]->alive(); }
    }
    return false;
}

void cluster::shutdown() {
    for (auto& e : endpoints_) {
        e->resume();
        e->shutdown();
    }
    end_strays();
}

}  // namespace squall::bench

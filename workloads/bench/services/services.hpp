#pragma once
// Maelstrom's built-in services, reachable by every node as network participants:
//   lin-kv  linearizable KV: one map, every request applied to the latest state;
//   seq-kv  sequentially consistent KV: the last 32 states; each caller reads from a random
//           state no older than the last one it saw, and changes apply to the newest;
//   lww-kv  last-write-wins KV over 2 replicas merged one pair per request (Lamport stamps);
//   lin-tso a timestamp oracle: ts = 0, 1, 2, ...
// Replies carry in_reply_to and no msg_id. Service hops get latency and are never partitioned.
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/kv/lin_kv_map.hpp"

#include "workloads/bench/core/rng.hpp"
#include "workloads/bench/net/network.hpp"

namespace squall::bench {

// Keys are compared as their JSON text, so 1, 1.0 and "1" are three different keys.
using kv_map = kv::map;

// Applies one KV request to `state`; returns the reply body (without in_reply_to).
nlohmann::json apply_kv(kv_map& state, const nlohmann::json& request, bool allow_create);

class service : public participant {
public:
    service(std::string name, network& net) : name_(std::move(name)), net_(net) {
        net_.add_participant(name_, this, participant_kind::service);
    }
    void receive(const message& m) override;

protected:
    virtual nlohmann::json handle(const std::string& caller, const nlohmann::json& request) = 0;

private:
    std::string name_;
    network& net_;
};

class lin_kv final : public service {
public:
    explicit lin_kv(network& net) : service("lin-kv", net) {}

protected:
    nlohmann::json handle(const std::string& caller, const nlohmann::json& request) override;

private:
    kv_map state_;
};

class seq_kv final : public service {
public:
    seq_kv(network& net, rng r);

protected:
    nlohmann::json handle(const std::string& caller, const nlohmann::json& request) override;

private:
    std::deque<kv_map> states_;  // oldest first
    std::int64_t newest_ = 0;    // version number of states_.back()
    std::map<std::string, std::int64_t> seen_;
    rng rng_;
};

class lww_kv final : public service {
public:
    lww_kv(network& net, rng r);

protected:
    nlohmann::json handle(const std::string& caller, const nlohmann::json& request) override;

private:
    struct stamped {
        nlohmann::json value;
        std::int64_t ts = 0;
    };
    using replica = std::map<std::string, stamped>;
    std::vector<replica> replicas_;
    std::int64_t clock_ = 0;
    rng rng_;
};

class lin_tso final : public service {
public:
    explicit lin_tso(network& net) : service("lin-tso", net) {}

protected:
    nlohmann::json handle(const std::string& caller, const nlohmann::json& request) override;

private:
    std::int64_t next_ = 0;
};

struct services {
    services(network& net, rng& r);
    lin_kv lin;
    seq_kv seq;
    lww_kv lww;
    lin_tso tso;
};

}  // namespace squall::bench

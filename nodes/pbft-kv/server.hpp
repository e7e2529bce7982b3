#pragma once
// pbft-kv's shell: the fiber side around one PBFT core (common/pbft). It feeds the core client
// requests, peer messages and ticks, then carries out its effects: send the (signed) messages,
// apply executed requests to the key-value map in order, answer the clients this replica was
// asked by, keep evidence. Faults on purpose go through byzantine.hpp on the way out.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "common/kv/lin_kv_map.hpp"
#include "common/pbft/fsm.hpp"
#include "common/runtime/node.hpp"
#include "nodes/pbft-kv/byzantine.hpp"
#include "nodes/pbft-kv/options.hpp"

namespace squall::pbft_kv {

class server {
public:
    server(node& n, options o);

    void start();                                                 // after init
    void handle_client(const message& m, const std::string& op);  // read, write, cas
    void handle_peer(const message& m);                           // a "pbft" message
    void handle_evidence(const message& m);                       // what this replica holds

private:
    struct waiter {
        std::string op;  // read, write or cas: the reply's type
        timer_id deadline;
    };
    struct last_reply {
        std::uint64_t id = 0;
        nlohmann::json body;
        std::string op;
    };
    using request_key = std::pair<std::string, std::uint64_t>;  // (client, msg_id)

    void drive();
    void execute(const pbft::execution& x);
    void answer(const std::string& client, std::uint64_t id, nlohmann::json body, const std::string& op);

    node& n_;
    options options_;
    std::unique_ptr<pbft::fsm> core_;
    std::unique_ptr<byzantine> byzantine_;
    kv::map data_;
    std::map<request_key, waiter> waiters_;           // requests this replica was asked directly
    std::map<std::string, last_reply> last_replies_;  // per client: its latest executed request
};

}  // namespace squall::pbft_kv

#pragma once
// The state of a Kafka-style log server, with no I/O: per key, an append-only list of messages
// whose offsets are 0, 1, 2, ... (dense, so offset = index), and per key the highest offset a
// consumer has committed. Both the single-owner store and its recovery use it; the lin-kv store
// keeps the same shapes in the service instead.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace squall::kafka {

class logs {
public:
    // Appends `msg` to `key`'s log and returns its offset, one more than the last one given.
    std::int64_t append(const std::string& key, nlohmann::json msg);

    // Up to `limit` messages of `key` from `offset` on (a negative offset reads from 0), as
    // [[offset, msg], ...]: contiguous, starting at the first offset >= `offset`. Empty when
    // there are none.
    nlohmann::json read_from(const std::string& key, std::int64_t offset, std::size_t limit) const;

    // Raises `key`'s committed offset to `offset`; a lower one is kept (commits only go up, so a
    // late or repeated commit cannot move a consumer group backwards).
    void commit(const std::string& key, std::int64_t offset);
    std::optional<std::int64_t> committed(const std::string& key) const;

    std::size_t size(const std::string& key) const;
    std::map<std::string, std::size_t> sizes() const;

    // The whole state as JSON, and back (snapshots of the durable store).
    nlohmann::json to_json() const;
    static logs from_json(const nlohmann::json& j);

private:
    std::map<std::string, std::vector<nlohmann::json>> messages_;
    std::map<std::string, std::int64_t> committed_;
};

}  // namespace squall::kafka

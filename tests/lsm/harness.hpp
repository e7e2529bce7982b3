#pragma once
// Shared by the engine's tests: small options that make every write path busy (flushes every
// few writes, compactions every few flushes, manifest rewrites), a store that crashes in the
// middle of an operation, and a full scan to compare with a model.
#include <map>
#include <stdexcept>
#include <string>

#include "common/lsm/db.hpp"
#include "common/runtime/storage/memory_store.hpp"

namespace squall::lsm::testing {

inline options tiny_options(sync_policy sync = sync_policy::every_write) {
    options o;
    o.write_buffer_bytes = 2048;
    o.table.block_bytes = 256;
    o.table.restart_interval = 4;
    o.block_cache_bytes = 8192;
    o.level0_compaction_trigger = 3;
    o.level1_max_bytes = 2000;
    o.level_size_multiplier = 3;
    o.target_file_bytes = 1000;
    o.manifest_rewrite_bytes = 2048;
    o.sync = sync;
    o.group_commit_writes = 5;
    return o;
}

inline std::map<std::string, std::string> scan_all(db& d, std::optional<std::uint64_t> snapshot = std::nullopt) {
    std::map<std::string, std::string> out;
    auto it = d.scan(snapshot);
    for (it->seek_to_first(); it->valid(); it->next()) {
        out.emplace(std::string(it->key()), std::string(it->value()));
    }
    return out;
}

struct simulated_crash : std::runtime_error {
    simulated_crash() : std::runtime_error("simulated crash") {}
};

// A memory_store that throws simulated_crash instead of performing its `crash_at`-th mutating
// operation (append, replace, remove, sync): the engine stops in the middle of whatever it was
// doing, and memory_store::crash then decides what of the unsynced work the disk kept.
class crashing_store final : public durable_store {
public:
    explicit crashing_store(memory_store& inner) : inner_{inner} {}
    void arm(std::uint64_t operations_from_now) { crash_at_ = operations_ + operations_from_now; }
    void disarm() { crash_at_ = 0; }
    std::uint64_t operations() const { return operations_; }

    std::optional<std::string> read(std::string_view name) override { return inner_.read(name); }
    std::optional<std::string> read(std::string_view name, std::uint64_t offset, std::size_t length) override {
        return inner_.read(name, offset, length);
    }
    std::optional<std::uint64_t> size(std::string_view name) override { return inner_.size(name); }
    void append(std::string_view name, std::string_view bytes) override {
        tick(name);
        inner_.append(name, bytes);
    }
    void replace(std::string_view name, std::string_view content) override {
        tick(name);
        inner_.replace(name, content);
    }
    void remove(std::string_view name) override {
        tick(std::string(name) + " (remove)");
        inner_.remove(name);
    }
    void sync() override {
        tick("sync");
        inner_.sync();
    }
    // The file (or "sync") of the operation that crashed last.
    const std::string& crash_target() const { return crash_target_; }
    std::vector<std::string> list() override { return inner_.list(); }

private:
    void tick(std::string_view target) {
        ++operations_;
        if (crash_at_ != 0 && operations_ >= crash_at_) {
            crash_at_ = 0;
            crash_target_.assign(target);
            throw simulated_crash{};
        }
    }
    memory_store& inner_;
    std::uint64_t operations_ = 0;
    std::uint64_t crash_at_ = 0;
    std::string crash_target_;
};

}  // namespace squall::lsm::testing

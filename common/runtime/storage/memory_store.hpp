#pragma once
// durable_store in memory, for the simulator and for processes started without a data
// directory. It keeps, per file, the synced content and the operations since the last sync, so
// a simulated crash can choose what the disk kept: everything (a killed process: the OS still
// had its page cache) or a random part of the unsynced operations (a machine crash).
#include <map>
#include <string>
#include <variant>
#include <vector>

#include "common/core/rng.hpp"
#include "common/runtime/storage/durable_store.hpp"

namespace squall {

enum class crash_kind {
    process,  // the OS survives: unsynced writes reach the disk anyway
    machine,  // power loss: each file keeps a random prefix of its unsynced writes, maybe torn
};

class memory_store final : public durable_store {
public:
    std::optional<std::string> read(std::string_view name) override;
    std::optional<std::string> read(std::string_view name, std::uint64_t offset, std::size_t length) override;
    std::optional<std::uint64_t> size(std::string_view name) override;
    void append(std::string_view name, std::string_view bytes) override;
    void replace(std::string_view name, std::string_view content) override;
    void remove(std::string_view name) override;
    void sync() override;
    std::vector<std::string> list() override;

    // What survives a crash of the owner; `random` decides for crash_kind::machine.
    void crash(crash_kind kind, rng& random);
    std::size_t unsynced_operations() const;
    std::uint64_t syncs() const { return syncs_; }
    // Bytes handed to append and replace so far: what a real disk would have had to write.
    std::uint64_t bytes_written() const { return bytes_written_; }

private:
    struct append_op {
        std::string bytes;
    };
    struct replace_op {
        std::string content;
    };
    struct remove_op {};
    using operation = std::variant<append_op, replace_op, remove_op>;

    struct file {
        std::optional<std::string> durable;  // what a crash right now would leave at least
        std::optional<std::string> current;  // what read() sees
        std::vector<operation> unsynced;     // how to get from durable to current
    };

    static void apply(std::optional<std::string>& content, const operation& op);

    std::map<std::string, file, std::less<>> files_;  // ordered: crashes replay the same way
    std::uint64_t syncs_ = 0;
    std::uint64_t bytes_written_ = 0;
};

}  // namespace squall

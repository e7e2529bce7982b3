#pragma once
// durable_store on a real directory, for nodes running as processes. Appends go through one
// O_APPEND descriptor per file; replace writes a temporary file, syncs it and renames it over
// the old one (atomic on POSIX file systems); sync() fdatasyncs every file written since the
// previous sync, and the directory itself when names changed. An I/O error throws: a node that
// cannot persist must stop rather than acknowledge what it may lose.
#include <map>
#include <set>
#include <string>

#include "common/runtime/storage/durable_store.hpp"

namespace squall {

class file_store final : public durable_store {
public:
    // Creates the directory if needed.
    explicit file_store(std::string directory);
    ~file_store() override;
    file_store(const file_store&) = delete;
    file_store& operator=(const file_store&) = delete;

    std::optional<std::string> read(std::string_view name) override;
    std::optional<std::string> read(std::string_view name, std::uint64_t offset, std::size_t length) override;
    std::optional<std::uint64_t> size(std::string_view name) override;
    void append(std::string_view name, std::string_view bytes) override;
    void replace(std::string_view name, std::string_view content) override;
    void remove(std::string_view name) override;
    void sync() override;
    std::vector<std::string> list() override;

    const std::string& directory() const { return directory_; }

private:
    std::string path_of(std::string_view name) const;
    int append_descriptor(std::string_view name);
    void close_descriptor(std::string_view name);

    std::string directory_;
    std::map<std::string, int, std::less<>> appenders_;
    std::set<int> dirty_;           // descriptors written since the last sync
    bool directory_dirty_ = false;  // a file was created, renamed or removed
};

}  // namespace squall

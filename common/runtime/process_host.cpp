#include "common/runtime/process_host.hpp"

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <random>

#include <unistd.h>

#include "common/runtime/storage/file_store.hpp"
#include "common/runtime/storage/memory_store.hpp"
#include "common/wire/envelope.hpp"

namespace squall {

namespace {
constexpr std::size_t flush_threshold_bytes = 64 * 1024;

// Writes all of `data` to `fd`, retrying short writes; false when the reader is gone.
bool write_all(int fd, const char* data, std::size_t size) {
    while (size > 0) {
        const ssize_t written = ::write(fd, data, size);
        if (written < 0) {
            if (errno == EINTR) { continue; }
            return false;
        }
        data += written;
        size -= static_cast<std::size_t>(written);
    }
    return true;
}
}  // namespace

process_host::process_host() : seed_{(std::uint64_t{std::random_device{}()} << 32) ^ std::random_device{}()} {}

time_point process_host::now() const {
    const auto since_boot = std::chrono::steady_clock::now().time_since_epoch();
    return time_point{std::chrono::duration_cast<duration>(since_boot)};
}

void process_host::emit(std::string_view src, std::string_view dest, std::string_view body_json) {
    append_envelope(out_, src, dest, body_json);  // straight into the output batch, no copy
    out_.push_back('\n');
    if (out_.size() >= flush_threshold_bytes) { flush(); }
}

void process_host::flush() {
    if (out_.empty()) { return; }
    if (!stdout_closed_ && !write_all(STDOUT_FILENO, out_.data(), out_.size())) {
        stdout_closed_ = true;  // nobody reads our output any more; keep serving quietly
    }
    out_.clear();
}

void process_host::log_line(std::string_view line) {
    std::string text;
    text.reserve(line.size() + 1);
    text.append(line);
    text.push_back('\n');
    write_all(STDERR_FILENO, text.data(), text.size());
}

}  // namespace squall

namespace squall {

durable_store& process_host::store() {
    if (!store_) {
        const char* directory = std::getenv("SQUALL_DATA_DIR");
        if (directory != nullptr && *directory != '\0') {
            store_ = std::make_unique<file_store>(directory);
        } else {
            log_line("no SQUALL_DATA_DIR: stable storage is in memory and ends with this process");
            store_ = std::make_unique<memory_store>();
        }
    }
    return *store_;
}

}  // namespace squall

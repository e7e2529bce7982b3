#include "workloads/bench/net/journal.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

#include "workloads/bench/net/decimal.hpp"

namespace squall::bench {
namespace {

constexpr std::size_t chunk = 4 * 1024 * 1024;

}  // namespace

journal::~journal() { close(); }

bool journal::open(const std::string& path) {
    fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    buf_.reserve(chunk + 65536);
    return fd_ >= 0;
}

bool journal::full(std::int64_t time) {
    if (truncated_) {
        ++left_out_;
        return true;
    }
    if (bytes_ + static_cast<std::int64_t>(buf_.size()) < max_bytes_) { return false; }
    truncated_ = true;
    std::fprintf(stderr,
                 "squall: messages.jsonl reached its cap of %lld MiB; later events are left out "
                 "(counted in results.json)\n",
                 static_cast<long long>(max_bytes_ >> 20));
    ++left_out_;
    head(time, "truncated");
    buf_.append("\"bytes\":");
    append_decimal(buf_, bytes_ + static_cast<std::int64_t>(buf_.size()));
    buf_.append("}\n");
    write_all();
    return true;
}

void journal::head(std::int64_t time, std::string_view type) {
    buf_.append("{\"time\":");
    append_decimal(buf_, time);
    buf_.append(",\"type\":\"");
    buf_.append(type);
    buf_.append("\",");
}

void journal::send(std::int64_t time, std::string_view line) {
    if (fd_ < 0 || full(time)) { return; }
    head(time, "send");
    buf_.append("\"message\":");
    buf_.append(line);
    buf_.append("}\n");
    maybe_write();
}

void journal::recv(std::int64_t time, std::int64_t id) {
    if (fd_ < 0 || full(time)) { return; }
    head(time, "recv");
    buf_.append("\"id\":");
    append_decimal(buf_, id);
    buf_.append("}\n");
    maybe_write();
}

void journal::drop(std::int64_t time, std::int64_t id, std::string_view reason) {
    if (fd_ < 0 || full(time)) { return; }
    head(time, "drop");
    buf_.append("\"id\":");
    append_decimal(buf_, id);
    buf_.append(",\"reason\":\"");
    buf_.append(reason);
    buf_.append("\"}\n");
    maybe_write();
}

void journal::maybe_write() {
    if (buf_.size() >= chunk) { write_all(); }
}

void journal::write_all() {
    std::size_t off = 0;
    while (off < buf_.size()) {
        const ssize_t n = ::write(fd_, buf_.data() + off, buf_.size() - off);
        if (n < 0 && errno == EINTR) { continue; }
        if (n <= 0) { break; }
        off += static_cast<std::size_t>(n);
    }
    bytes_ += static_cast<std::int64_t>(buf_.size());
    buf_.clear();
}

void journal::close() {
    if (fd_ < 0) { return; }
    write_all();
    ::close(fd_);
    fd_ = -1;
}

}  // namespace squall::bench

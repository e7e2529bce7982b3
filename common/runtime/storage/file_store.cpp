#include "common/runtime/storage/file_store.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace squall {
namespace {

[[noreturn]] void fail(const std::string& what, const std::string& path) {
    throw std::runtime_error(what + " " + path + ": " + std::strerror(errno));
}

void write_fully(int fd, std::string_view bytes, const std::string& path) {
    while (!bytes.empty()) {
        const ssize_t n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0) {
            if (errno == EINTR) { continue; }
            fail("write", path);
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
}

void sync_descriptor(int fd, const std::string& what) {
    while (::fdatasync(fd) != 0) {
        if (errno != EINTR) { fail("fdatasync", what); }
    }
}

// '~' is not allowed in store names, so a temporary file never hides or clobbers a real one
// (with ".tmp", a node's own "log.tmp" would have been left out of list()).
constexpr std::string_view temporary_suffix = "~replacing";

}  // namespace

file_store::file_store(std::string directory) : directory_(std::move(directory)) {
    if (::mkdir(directory_.c_str(), 0755) != 0 && errno != EEXIST) { fail("mkdir", directory_); }
}

file_store::~file_store() {
    for (const auto& [name, fd] : appenders_) { ::close(fd); }
}

std::string file_store::path_of(std::string_view name) const {
    check_store_name(name);
    return directory_ + "/" + std::string(name);
}

std::optional<std::string> file_store::read(std::string_view name) {
    const std::string path = path_of(name);
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT) { return std::nullopt; }
        fail("open", path);
    }
    std::string content;
    char chunk[64 * 1024];
    for (;;) {
        const ssize_t n = ::read(fd, chunk, sizeof chunk);
        if (n < 0) {
            if (errno == EINTR) { continue; }
            ::close(fd);
            fail("read", path);
        }
        if (n == 0) { break; }
        content.append(chunk, static_cast<std::size_t>(n));
    }
    ::close(fd);
    return content;
}

std::optional<std::string> file_store::read(std::string_view name, std::uint64_t offset, std::size_t length) {
    const std::string path = path_of(name);
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT) { return std::nullopt; }
        fail("open", path);
    }
    std::string content(length, '\0');
    std::size_t got = 0;
    while (got < length) {
        const ssize_t n = ::pread(fd, content.data() + got, length - got, static_cast<off_t>(offset + got));
        if (n < 0) {
            if (errno == EINTR) { continue; }
            ::close(fd);
            fail("read", path);
        }
        if (n == 0) { break; }  // the end of the file
        got += static_cast<std::size_t>(n);
    }
    ::close(fd);
    content.resize(got);
    return content;
}

std::optional<std::uint64_t> file_store::size(std::string_view name) {
    const std::string path = path_of(name);
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) {
        if (errno == ENOENT) { return std::nullopt; }
        fail("stat", path);
    }
    return static_cast<std::uint64_t>(info.st_size);
}

int file_store::append_descriptor(std::string_view name) {
    if (auto it = appenders_.find(name); it != appenders_.end()) { return it->second; }
    const std::string path = path_of(name);
    struct stat existing {};
    const bool created = ::stat(path.c_str(), &existing) != 0;
    const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) { fail("open", path); }
    if (created) { directory_dirty_ = true; }
    appenders_.emplace(std::string(name), fd);
    return fd;
}

void file_store::close_descriptor(std::string_view name) {
    auto it = appenders_.find(name);
    if (it == appenders_.end()) { return; }
    // Anything appended through it must not be forgotten by the next sync().
    if (dirty_.erase(it->second) > 0) { sync_descriptor(it->second, path_of(name)); }
    ::close(it->second);
    appenders_.erase(it);
}

void file_store::append(std::string_view name, std::string_view bytes) {
    const int fd = append_descriptor(name);
    write_fully(fd, bytes, path_of(name));
    dirty_.insert(fd);
}

void file_store::replace(std::string_view name, std::string_view content) {
    close_descriptor(name);
    const std::string path = path_of(name);
    const std::string temporary = path + std::string(temporary_suffix);
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) { fail("open", temporary); }
    write_fully(fd, content, temporary);
    // The content must be on disk before the rename makes it the file, or a crash could leave
    // the new name pointing at an empty file.
    sync_descriptor(fd, temporary);
    ::close(fd);
    if (::rename(temporary.c_str(), path.c_str()) != 0) { fail("rename", temporary); }
    directory_dirty_ = true;
}

void file_store::remove(std::string_view name) {
    close_descriptor(name);
    const std::string path = path_of(name);
    if (::unlink(path.c_str()) != 0 && errno != ENOENT) { fail("unlink", path); }
    directory_dirty_ = true;
}

void file_store::sync() {
    for (const int fd : dirty_) { sync_descriptor(fd, directory_); }
    dirty_.clear();
    if (directory_dirty_) {
        const int dir = ::open(directory_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dir < 0) { fail("open", directory_); }
        while (::fsync(dir) != 0) {
            if (errno != EINTR) {
                ::close(dir);
                fail("fsync", directory_);
            }
        }
        ::close(dir);
        directory_dirty_ = false;
    }
}

std::vector<std::string> file_store::list() {
    std::vector<std::string> names;
    DIR* dir = ::opendir(directory_.c_str());
    if (dir == nullptr) { fail("opendir", directory_); }
    while (const dirent* entry = ::readdir(dir)) {
        const std::string_view name = entry->d_name;
        if (name == "." || name == ".." || name.find('~') != std::string_view::npos) { continue; }
        names.emplace_back(name);
    }
    ::closedir(dir);
    std::sort(names.begin(), names.end());
    return names;
}

}  // namespace squall

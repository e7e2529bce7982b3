#pragma once
// Input framing: bytes from a file descriptor, read in large chunks, cut into lines. Every
// line handed out is followed by at least simdjson::SIMDJSON_PADDING readable bytes, so it
// can be parsed in place without a copy. A line may be of any length (the buffer grows).
#include <cstddef>
#include <cstring>
#include <vector>

#include <simdjson.h>

namespace squall {

class line_buffer {
public:
    static constexpr std::size_t chunk_bytes = 64 * 1024;

    line_buffer() : bytes_(chunk_bytes * 2 + simdjson::SIMDJSON_PADDING) {}

    // Room for the next read; valid until the next call.
    char* write_area() { return bytes_.data() + end_; }
    std::size_t write_capacity() {
        make_room();
        return bytes_.size() - end_ - simdjson::SIMDJSON_PADDING;
    }
    void commit(std::size_t n) { end_ += n; }

    // Calls on_line(data, length, capacity) for each complete line; `final` also hands out a
    // last line that has no newline (at end of input). Blank lines are skipped.
    template <class F>
    void for_each_line(F&& on_line, bool final = false) {
        while (begin_ < end_) {
            char* start = bytes_.data() + begin_;
            auto* newline = static_cast<char*>(std::memchr(start, '\n', end_ - begin_));
            if (newline == nullptr && !final) { break; }
            std::size_t length = newline ? static_cast<std::size_t>(newline - start) : end_ - begin_;
            begin_ += length + (newline ? 1 : 0);
            if (length > 0 && start[length - 1] == '\r') { --length; }
            if (length == 0) { continue; }
            on_line(static_cast<const char*>(start), length, bytes_.size() - (start - bytes_.data()));
        }
    }

private:
    void make_room() {
        if (begin_ > 0) {  // move the unfinished line to the front
            std::memmove(bytes_.data(), bytes_.data() + begin_, end_ - begin_);
            end_ -= begin_;
            begin_ = 0;
        }
        if (bytes_.size() - end_ < chunk_bytes + simdjson::SIMDJSON_PADDING) {
            bytes_.resize(bytes_.size() * 2);  // a line longer than the buffer
        }
    }

    std::vector<char> bytes_;
    std::size_t begin_ = 0;
    std::size_t end_ = 0;
};

}  // namespace squall

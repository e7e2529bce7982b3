#pragma once
// messages.jsonl: every send (with the full delivered message), receive and drop, appended to
// one in-memory buffer and written in big chunks, never a syscall per message.
//   {"time":T,"type":"send","message":{"id":0,"src":"c0","dest":"n0","body":{...}}}
//   {"time":T,"type":"recv","id":0}
//   {"time":T,"type":"drop","id":7,"reason":"partition"}
// The file is capped (a node that floods would otherwise fill the disk): past the cap nothing
// more is written but a last line saying so,
//   {"time":T,"type":"truncated","bytes":N}
// and the events left out are counted for results.json.
#include <cstdint>
#include <string>
#include <string_view>

namespace squall::bench {

inline constexpr std::int64_t default_journal_max_bytes = 256LL * 1024 * 1024;

class journal {
public:
    explicit journal(std::int64_t max_bytes = default_journal_max_bytes) : max_bytes_(max_bytes) {}
    ~journal();
    journal(const journal&) = delete;
    journal& operator=(const journal&) = delete;

    bool open(const std::string& path);
    void send(std::int64_t time, std::string_view line);
    void recv(std::int64_t time, std::int64_t id);
    void drop(std::int64_t time, std::int64_t id, std::string_view reason);
    void close();

    bool truncated() const { return truncated_; }
    std::int64_t events_left_out() const { return left_out_; }
    std::int64_t max_bytes() const { return max_bytes_; }

private:
    bool full(std::int64_t time);
    void head(std::int64_t time, std::string_view type);
    void maybe_write();
    void write_all();

    int fd_ = -1;
    std::string buf_;
    std::int64_t max_bytes_;
    std::int64_t bytes_ = 0;  // written or buffered
    bool truncated_ = false;
    std::int64_t left_out_ = 0;
};

}  // namespace squall::bench

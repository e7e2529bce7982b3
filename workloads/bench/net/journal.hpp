#pragma once
// messages.jsonl: every send (with the full delivered message), receive and drop, appended to
// one in-memory buffer and written in big chunks, never a syscall per message.
//   {"time":T,"type":"send","message":{"id":0,"src":"c0","dest":"n0","body":{...}}}
//   {"time":T,"type":"recv","id":0}
//   {"time":T,"type":"drop","id":7,"reason":"partition"}
#include <cstdint>
#include <string>
#include <string_view>

namespace squall::bench {

class journal {
public:
    journal() = default;
    ~journal();
    journal(const journal&) = delete;
    journal& operator=(const journal&) = delete;

    bool open(const std::string& path);
    void send(std::int64_t time, std::string_view line);
    void recv(std::int64_t time, std::int64_t id);
    void drop(std::int64_t time, std::int64_t id, std::string_view reason);
    void close();

private:
    void head(std::int64_t time, std::string_view type);
    void maybe_write();
    void write_all();

    int fd_ = -1;
    std::string buf_;
};

}  // namespace squall::bench

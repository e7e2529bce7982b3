// The floor the echo node is measured against: the least a program can do to answer Maelstrom
// echo requests. simdjson On-Demand reads src, dest, msg_id and the echo value of each line; the
// reply is formatted by hand into a 64 KiB buffer, written with one write() when full. No
// runtime, no fibers, no handlers, no error handling beyond skipping bad lines.
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>
#include <unistd.h>

namespace {

std::string out;

void flush() {
    std::size_t done = 0;
    while (done < out.size()) {
        const ssize_t n = ::write(STDOUT_FILENO, out.data() + done, out.size() - done);
        if (n <= 0) { break; }
        done += static_cast<std::size_t>(n);
    }
    out.clear();
}

void answer(simdjson::ondemand::parser& parser, const char* line, std::size_t length, std::size_t capacity) {
    simdjson::ondemand::document doc;
    if (parser.iterate(line, length, capacity).get(doc)) { return; }
    std::string_view src, dest, echo;
    std::int64_t msg_id = 0;
    simdjson::ondemand::object body;
    if (doc["src"].get_string().get(src) || doc["dest"].get_string().get(dest) || doc["body"].get_object().get(body)) {
        return;
    }
    for (auto field : body) {
        std::string_view key;
        if (field.unescaped_key().get(key)) { return; }
        if (key == "msg_id") {
            if (field.value().get_int64().get(msg_id)) { return; }
        } else if (key == "echo") {
            echo = field.value().raw_json_token();
        }
    }
    if (echo.empty()) { return; }  // init and anything else that is not an echo request
    out += "{\"src\":\"";
    out += dest;
    out += "\",\"dest\":\"";
    out += src;
    out += "\",\"body\":{\"type\":\"echo_ok\",\"echo\":";
    out += echo;
    out += ",\"in_reply_to\":";
    out += std::to_string(msg_id);
    out += "}}\n";
    if (out.size() >= 64 * 1024) { flush(); }
}

}  // namespace

int main() {
    simdjson::ondemand::parser parser;
    std::vector<char> buffer(1 << 20);
    std::size_t begin = 0, end = 0;
    for (;;) {
        if (begin > 0) {
            std::memmove(buffer.data(), buffer.data() + begin, end - begin);
            end -= begin;
            begin = 0;
        }
        if (buffer.size() - end < 64 * 1024 + simdjson::SIMDJSON_PADDING) { buffer.resize(buffer.size() * 2); }
        const ssize_t n = ::read(STDIN_FILENO, buffer.data() + end, 64 * 1024);
        if (n <= 0) { break; }
        end += static_cast<std::size_t>(n);
        while (const void* newline = std::memchr(buffer.data() + begin, '\n', end - begin)) {
            const std::size_t length = static_cast<const char*>(newline) - (buffer.data() + begin);
            answer(parser, buffer.data() + begin, length, buffer.size() - begin);
            begin += length + 1;
        }
    }
    flush();
}

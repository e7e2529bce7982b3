// A deliberately chatty broadcast node for the bench's throughput benchmark: every new value
// is forwarded at once to every topology neighbour except the one it came from (no batching,
// no acks), so the bench has as many messages to route as the clients can cause. Reads
// return everything seen. Output is written once per input chunk, never per message.
#include <unistd.h>

#include <cstdio>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include <simdjson.h>

namespace {

struct node {
    std::string id;
    std::vector<std::string> neighbours;
    std::vector<std::int64_t> values;
    std::unordered_set<std::int64_t> seen;
    std::string out;
    std::int64_t next_msg_id = 0;

    void reply(std::string_view dest, std::int64_t in_reply_to, std::string_view body_rest) {
        out += "{\"src\":\"" + id + "\",\"dest\":\"" + std::string(dest) +
               "\",\"body\":{\"msg_id\":" + std::to_string(++next_msg_id) +
               ",\"in_reply_to\":" + std::to_string(in_reply_to) + "," + std::string(body_rest) + "}}\n";
    }
    void gossip(std::string_view from, std::int64_t value) {
        for (const auto& n : neighbours) {
            if (n == from) { continue; }
            out += "{\"src\":\"" + id + "\",\"dest\":\"" + n +
                   "\",\"body\":{\"type\":\"broadcast\",\"message\":" + std::to_string(value) + "}}\n";
        }
    }
    void read_ok(std::string_view dest, std::int64_t in_reply_to) {
        std::string list = "\"type\":\"read_ok\",\"messages\":[";
        for (std::size_t k = 0; k < values.size(); ++k) {
            if (k > 0) { list += ','; }
            list += std::to_string(values[k]);
        }
        list += ']';
        reply(dest, in_reply_to, list);
    }
};

void handle(node& n, simdjson::ondemand::document& doc) {
    std::string_view src = doc["src"].get_string().value();
    const std::string from(src);
    auto body = doc["body"].get_object().value();
    std::string_view type_view = body["type"].get_string().value();
    const std::string type(type_view);
    std::int64_t msg_id = -1;
    if (type == "init") {
        n.id = std::string(body["node_id"].get_string().value());
        msg_id = body["msg_id"].get_int64().value();
        n.reply(from, msg_id, "\"type\":\"init_ok\"");
    } else if (type == "topology") {
        auto topo = body["topology"].get_object().value();
        for (auto field : topo) {
            std::string_view key = field.unescaped_key().value();
            if (key != n.id) { continue; }
            for (auto peer : field.value().get_array()) { n.neighbours.emplace_back(peer.get_string().value()); }
        }
        msg_id = body["msg_id"].get_int64().value();
        n.reply(from, msg_id, "\"type\":\"topology_ok\"");
    } else if (type == "broadcast") {
        const std::int64_t value = body["message"].get_int64().value();
        if (n.seen.insert(value).second) {
            n.values.push_back(value);
            n.gossip(from, value);
        }
        if (from[0] == 'c') { n.reply(from, body["msg_id"].get_int64().value(), "\"type\":\"broadcast_ok\""); }
    } else if (type == "read") {
        n.read_ok(from, body["msg_id"].get_int64().value());
    }
}

}  // namespace

int main() {
    node n;
    simdjson::ondemand::parser parser;
    std::string buf;
    std::vector<char> chunk(1 << 20);
    for (;;) {
        const ssize_t got = ::read(0, chunk.data(), chunk.size());
        if (got <= 0) { return 0; }
        buf.append(chunk.data(), static_cast<std::size_t>(got));
        std::size_t start = 0;
        for (std::size_t nl; (nl = buf.find('\n', start)) != std::string::npos; start = nl + 1) {
            simdjson::padded_string line(buf.data() + start, nl - start);
            auto doc = parser.iterate(line).value();
            handle(n, doc);
        }
        buf.erase(0, start);
        for (std::size_t off = 0; off < n.out.size();) {
            const ssize_t w = ::write(1, n.out.data() + off, n.out.size() - off);
            if (w <= 0) { return 1; }
            off += static_cast<std::size_t>(w);
        }
        n.out.clear();
    }
}

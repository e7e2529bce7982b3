// What the bench does with output it cannot trust: text shown from nodes is always valid
// UTF-8, values it cannot represent or follow are refused with a reason, a node that does not
// read its input costs bounded memory, and the journal stops at its cap with a note.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "workloads/bench/core/clock.hpp"
#include "workloads/bench/core/event_loop.hpp"
#include "workloads/bench/net/journal.hpp"
#include "workloads/bench/net/network.hpp"
#include "workloads/bench/net/shown_text.hpp"

#include "tests/bench/unit/stub_endpoint.hpp"
#include "tests/bench/unit/recorder.hpp"

namespace sb = squall::bench;

namespace {

class slow_endpoint final : public sb::testing::stub_endpoint {
public:
    using stub_endpoint::stub_endpoint;
    void deliver(std::string_view line) override { unread += line.size() + 1; }  // never reads
    std::size_t backlog() const override { return unread; }
    std::size_t unread = 0;
};

void emit(sb::network& net, sb::endpoint& from, const std::string& line) {
    std::string padded = line + std::string(64, ' ');
    net.on_node_line(from, padded.data(), line.size(), padded.data() + padded.size());
}

}  // namespace

TEST_CASE("shown_text: valid UTF-8 kept, other bytes as \\xNN, cut between characters") {
    CHECK(sb::shown_text("plain é ✓") == "plain é ✓");
    CHECK(sb::shown_text(std::string("a\xff\xfe"
                                     "b")) == "a\\xFF\\xFEb");
    CHECK(sb::shown_text(std::string("\xed\xa0\x80")) == "\\xED\\xA0\\x80");  // an encoded surrogate
    CHECK(sb::shown_text("") == "");
    CHECK(sb::shown_text("ééé", 5) == "éé...");  // never half a character
    // Whatever it is given, nlohmann can write the result.
    std::string bytes;
    for (int c = 0; c < 256; ++c) { bytes.push_back(static_cast<char>(c)); }
    CHECK_NOTHROW(nlohmann::json(sb::shown_text(bytes)).dump());
}

TEST_CASE("network: replies the bench cannot represent or follow are reported, never delivered") {
    sb::manual_clock clock;
    sb::event_loop loop(clock);
    sb::network net(loop, sb::rng(1), sb::latency_model{}, nullptr);
    slow_endpoint n0("n0");
    sb::testing::recorder c0;
    net.add_node("n0", &n0);
    net.add_participant("c0", &c0, sb::participant_kind::client);

    emit(net, n0, R"({"src":"n0","dest":"c0","body":{"type":"echo_ok","echo":1e400}})");
    emit(net, n0, R"({"src":"n0","dest":"c0","body":{"type":"echo_ok","echo":"\ud800"}})");
    emit(net, n0,
         R"({"src":"n0","dest":"c0","body":{"type":"echo_ok","echo":)" + std::string(100000, '[') +
             std::string(100000, ']') + "}}");
    emit(net, n0, std::string("{\"src\":\"n0\",\"dest\":\"c0\",\"body\":{\"echo\":\"\xff\"}}"));
    CHECK(c0.bodies.empty());
    REQUIRE(net.invalid_count() == 4);
    CHECK(net.invalid_lines()[0].reason == "a number out of range (beyond 64-bit integers and doubles)");
    CHECK(net.invalid_lines()[1].reason == "a string that is not valid (bad escape or lone surrogate)");
    CHECK(net.invalid_lines()[2].reason == "\"body\" nested deeper than 512 levels");
    CHECK(net.invalid_lines()[2].line.size() <= 303);
    CHECK(net.invalid_lines()[3].line.find("\\xFF") != std::string::npos);
    for (const auto& l : net.invalid_lines()) {
        CHECK(l.node == "n0");
        CHECK_NOTHROW(nlohmann::json({{"line", l.line}, {"reason", l.reason}}).dump());
    }
    // As deep as allowed is delivered.
    emit(net, n0, R"({"src":"n0","dest":"c0","body":{"echo":)" + std::string(500, '[') + std::string(500, ']') + "}}");
    CHECK(c0.bodies.size() == 1);
}

TEST_CASE("network: a node that does not read its input gets no more than its bound") {
    sb::manual_clock clock;
    sb::event_loop loop(clock);
    sb::network net(loop, sb::rng(1), sb::latency_model{}, nullptr);
    slow_endpoint n0("n0");
    net.add_node("n0", &n0);
    const std::string line = R"({"src":"n0","dest":"n0","body":{"pad":")" + std::string(1 << 20, 'x') + "\"}}";
    for (int i = 0; i < 100; ++i) { emit(net, n0, line); }
    CHECK(n0.unread <= (33u << 20));
    CHECK(net.faults().dropped_overflow >= 60);
    CHECK(net.faults().dropped_overflow + net.totals().servers.recv_count == 100);
}

TEST_CASE("journal: stops at its cap with a closing line and counts what it left out") {
    char path[] = "/tmp/squall-journal-XXXXXX";
    const int fd = mkstemp(path);
    REQUIRE(fd >= 0);
    close(fd);
    sb::journal j(1000);
    REQUIRE(j.open(path));
    for (int i = 0; i < 100; ++i) { j.recv(i, i); }
    j.close();
    CHECK(j.truncated());
    std::ifstream in(path);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::remove(path);
    CHECK(text.size() < 1100);
    const auto last = text.rfind("{\"time\"");
    const auto note = nlohmann::json::parse(text.substr(last));
    CHECK(note["type"] == "truncated");
    const int written = static_cast<int>(std::count(text.begin(), text.end(), '\n')) - 1;
    CHECK(j.events_left_out() == 100 - written);
}

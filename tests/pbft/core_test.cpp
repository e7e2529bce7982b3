// The PBFT core on a hand-driven network (harness.hpp): the normal case, signatures, evidence
// of equivocation, a view change that carries a prepared request over, and checkpoints with
// garbage collection.
#include <catch2/catch.hpp>

#include "common/pbft/crypto.hpp"
#include "tests/pbft/harness.hpp"

using namespace squall::pbft;
using squall::pbft::testing::network;

namespace {

request op(std::uint64_t id, const std::string& what = "write") { return request{"c1", id, what}; }

bool is(const message& m, const char* type) { return std::string(type_name(m.body)) == type; }

}  // namespace

TEST_CASE("four replicas execute a request at the same sequence number") {
    network net(4);
    net.submit_to_all(op(1));
    net.run();
    for (const node_id& n : net.members) {
        REQUIRE(net.executed[n].size() == 1);
        CHECK(net.executed[n][0].seq == 1);
        CHECK(net.executed[n][0].req == op(1));
        CHECK(net.at(n).committed().at(1) == digest_of(op(1)));
    }
}

TEST_CASE("a request given to one backup is relayed to the primary and executed everywhere") {
    network net(4);
    net.at("n3").submit(op(1));
    net.run();
    for (const node_id& n : net.members) { CHECK(net.at(n).executed_seq() == 1); }
}

TEST_CASE("a bad signature or an unknown sender is dropped and counted") {
    network net(4);
    net.submit_to_all(op(1));
    net.collect();
    REQUIRE(!net.queue.empty());
    message forged = net.queue.front();  // the primary's pre-prepare to n2
    REQUIRE(is(forged, "pre-prepare"));
    forged.signature[3] = static_cast<char>(forged.signature[3] ^ 1);
    fsm& receiver = net.at(forged.to);
    receiver.step(forged);
    CHECK(receiver.bad_signatures() == 1);

    // A node outside the cluster, even one holding the cluster secret, is not a signer.
    keyring outsider("squall", {"n1", "n2", "n3", "n4", "n9"}, "n9");
    message stranger{"n9", forged.to, forged.body, {}};
    stranger.signature = outsider.sign(signed_bytes_of("n9", stranger.body));
    receiver.step(stranger);
    CHECK(receiver.bad_signatures() == 2);
    CHECK(receiver.executed_seq() == 0);
    receiver.check_invariants();
}

TEST_CASE("an equivocating primary leaves evidence: two pre-prepares it signed for one slot") {
    network net(4);
    const keyring primary_keys("squall", net.members, "n1");
    auto signed_pre_prepare = [&](const request& r, const node_id& to) {
        const message_body body{pre_prepare{0, 1, digest_of(r), r}};
        return message{"n1", to, body, primary_keys.sign(signed_bytes_of("n1", body))};
    };
    // n2 and n3 are told one request for (view 0, seq 1), n4 another.
    net.at("n2").step(signed_pre_prepare(op(1, "write 1"), "n2"));
    net.at("n3").step(signed_pre_prepare(op(1, "write 1"), "n3"));
    net.at("n4").step(signed_pre_prepare(op(1, "write 2"), "n4"));
    // n4's prepare quotes the primary's signature of its pre-prepare: n2 and n3 see the conflict.
    net.run();

    const fsm& n2 = net.at("n2");
    REQUIRE(n2.evidence_seen().size() >= 1);
    const evidence& e = n2.evidence_seen().front();
    CHECK(e.culprit == "n1");
    CHECK(e.kind == "pre-prepare");
    CHECK(e.view == 0);
    CHECK(e.seq == 1);
    CHECK(e.first != e.second);
    // Anyone with the cluster's public keys can check it, so it convicts n1 and nobody else.
    const keyring judge("squall", net.members, "n4");
    CHECK(judge.verify("n1", evidence_bytes(e, false), e.first_signature));
    CHECK(judge.verify("n1", evidence_bytes(e, true), e.second_signature));
    CHECK_FALSE(judge.verify("n2", evidence_bytes(e, false), e.first_signature));
    // The quorum of 3 held: n2 and n3 prepared "write 1" with only each other, no one committed
    // "write 2", and the evidence made the honest replicas leave view 0.
    for (const char* n : {"n2", "n3", "n4"}) {
        for (const auto& x : net.executed[n]) { CHECK(x.req == op(1, "write 1")); }
    }
    CHECK(n2.view() >= 1);
}

TEST_CASE("a backup that signs two different prepares for one slot leaves evidence") {
    network net(4);
    net.submit_to_all(op(1));
    net.collect();
    const keyring n3_keys("squall", net.members, "n3");
    const digest d = digest_of(op(1));
    for (const digest& told : {d, digest_of(op(1, "other"))}) {
        const message_body body{prepare{0, 1, told, {}}};
        net.at("n2").step(message{"n3", "n2", body, n3_keys.sign(signed_bytes_of("n3", body))});
    }
    REQUIRE(net.at("n2").evidence_seen().size() == 1);
    CHECK(net.at("n2").evidence_seen()[0].culprit == "n3");
    CHECK(net.at("n2").evidence_seen()[0].kind == "prepare");
    net.at("n2").check_invariants();
}

TEST_CASE("a view change carries a prepared request over into the new view") {
    network net(4);
    const request r = op(1);
    net.at("n1").submit(r);
    // Pre-prepares and prepares go through; every commit is lost: the request is prepared at
    // every replica and committed at none.
    net.run([](const message& m) { return !is(m, "commit"); });
    for (const node_id& n : net.members) { REQUIRE(net.at(n).executed_seq() == 0); }

    // The primary falls silent. The backups know the request (from its pre-prepare), time out
    // and move to view 1, whose primary is n2.
    for (int t = 0; t < 200 && !net.at("n2").in_view_change(); ++t) { net.tick({"n2", "n3", "n4"}, 1); }
    REQUIRE(net.at("n2").in_view_change());
    std::vector<message> new_views;
    net.run([&](const message& m) {
        if (m.from == "n1" || m.to == "n1") { return false; }
        if (is(m, "new-view")) { new_views.push_back(m); }
        return true;
    });
    REQUIRE(!new_views.empty());
    const auto& nv = std::get<new_view>(new_views.front().body);
    CHECK(nv.view == 1);
    REQUIRE(nv.pre_prepares.size() == 1);  // re-issued at the same sequence number, in view 1
    CHECK(nv.pre_prepares[0].body.seq == 1);
    CHECK(nv.pre_prepares[0].body.d == digest_of(r));
    for (const char* n : {"n2", "n3", "n4"}) {
        CHECK(net.at(n).view() == 1);
        CHECK_FALSE(net.at(n).in_view_change());
        REQUIRE(net.executed[n].size() == 1);
        CHECK(net.executed[n][0].seq == 1);
        CHECK(net.executed[n][0].req == r);
    }
}

TEST_CASE("a new view without a prepared request fills the gap with a null request") {
    network net(4);
    net.at("n1").submit(op(1));
    net.at("n1").submit(op(2));
    // Seq 1's pre-prepare reaches nobody; seq 2 prepares everywhere but commits nowhere.
    net.run([](const message& m) {
        if (const auto* pp = std::get_if<pre_prepare>(&m.body)) { return pp->seq != 1; }
        return !is(m, "commit");
    });
    for (int t = 0; t < 200 && !net.at("n2").in_view_change(); ++t) { net.tick({"n2", "n3", "n4"}, 1); }
    net.run([](const message& m) { return m.from != "n1" && m.to != "n1"; });
    for (const char* n : {"n2", "n3", "n4"}) {
        REQUIRE(net.executed[n].size() >= 2);
        CHECK(net.executed[n][0].seq == 1);
        CHECK_FALSE(net.executed[n][0].req);  // null
        CHECK(net.executed[n][1].req == op(2));
    }
}

TEST_CASE("stable checkpoints collect the log below them and move the watermarks") {
    network net(4, 2);  // a checkpoint every 2 requests, a window of 4
    for (std::uint64_t id = 1; id <= 7; ++id) {
        net.submit_to_all(op(id));
        net.run();
    }
    for (const node_id& n : net.members) {
        const fsm& r = net.at(n);
        CHECK(r.executed_seq() == 7);
        CHECK(r.stable_seq() == 6);
        CHECK(r.low_watermark() == 6);
        CHECK(r.high_watermark() == 10);
        CHECK(r.log_slots() == 1);  // only seq 7 is above the stable checkpoint
        CHECK(r.committed().size() == 1);
    }
    // A pre-prepare below the low watermark is refused.
    fsm& n2 = net.at("n2");
    const keyring primary_keys("squall", net.members, "n1");
    const message_body old{pre_prepare{0, 5, digest_of(op(5)), op(5)}};
    const std::uint64_t dropped = n2.dropped_messages();
    n2.step(message{"n1", "n2", old, primary_keys.sign(signed_bytes_of("n1", old))});
    CHECK(n2.dropped_messages() == dropped + 1);
    // So is one above the high watermark.
    const message_body ahead{pre_prepare{0, 11, digest_of(op(11)), op(11)}};
    n2.step(message{"n1", "n2", ahead, primary_keys.sign(signed_bytes_of("n1", ahead))});
    CHECK(n2.dropped_messages() == dropped + 2);
}

TEST_CASE("a replica that missed a checkpoint interval catches up from f + 1 replicas") {
    network net(4, 2);
    for (std::uint64_t id = 1; id <= 6; ++id) {
        net.submit_to_all(op(id));
        net.run([](const message& m) { return m.to != "n4"; });  // n4 hears nothing
    }
    REQUIRE(net.at("n4").executed_seq() == 0);
    REQUIRE(net.at("n1").stable_seq() == 6);
    // n4 learns of the checkpoints when they are sent again, and fetches what it missed.
    for (int round = 0; round < 3; ++round) {
        net.tick(net.members, 10);
        net.run();
    }
    CHECK(net.at("n4").executed_seq() == 6);
    CHECK(net.at("n4").stable_seq() == 6);
}

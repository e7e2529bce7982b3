// The Raft shell's message codec (common/raft_shell/codec.*): a peer's message body, read the
// way a node reads it (message::body(), depth-limited). Decoding either refuses the body with
// rpc_error(malformed_request) or yields a message that encodes and decodes back to itself.
// Any other exception would escape the node's handler as a crash.
#include <string>
#include <string_view>

#include "common/wire/errors.hpp"
#include "common/wire/message.hpp"
#include "common/raft_shell/codec.hpp"
#include "tests/fuzz/fuzz_target.hpp"

using namespace squall;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    message wire;
    wire.set_body_text({reinterpret_cast<const char*>(data), size});
    raft_shell::addressed_message decoded;
    try {
        const nlohmann::json& body = wire.body();
        if (!body.is_object()) { return 0; }  // the envelope parser lets only objects through
        decoded = raft_shell::decode("n1", "n0", body);
    } catch (const rpc_error&) {
        return 0;  // refused as malformed: the node logs it and goes on
    }
    // Through the text, as between two nodes: nlohmann keeps signed and unsigned integers
    // apart in memory, not on the wire.
    const std::string encoded = raft_shell::encode(decoded.group, decoded.message).dump();
    try {
        const raft_shell::addressed_message again = raft_shell::decode("n1", "n0", nlohmann::json::parse(encoded));
        if (raft_shell::encode(again.group, again.message).dump() != encoded) {
            fuzz::fail("a decoded raft message does not survive encode and decode");
        }
    } catch (const rpc_error&) { fuzz::fail("an encoded raft message does not decode"); }
    return 0;
}

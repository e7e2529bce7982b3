// The wire parser (common/wire): one input line as a node reads it. Whatever the bytes, parsing
// either fails with a reason or yields a message whose fields can all be read; a parsed message
// written back with append_envelope parses again to the same routing fields and body.
#include <string>
#include <string_view>

#include <simdjson.h>

#include "common/wire/envelope.hpp"
#include "common/wire/errors.hpp"
#include "tests/fuzz/fuzz_target.hpp"

using namespace squall;

namespace {

void read_every_field(const message& m) {
    try {
        const nlohmann::json& body = m.body();
        if (!body.is_object()) { fuzz::fail("a parsed body is not an object"); }
        for (const auto& [key, value] : body.items()) {
            (void)m.raw(key);
            (void)m.get_int(key);
            (void)m.get_string(key);
        }
    } catch (const rpc_error&) {
        // Refused as malformed (too deep, or nlohmann cannot represent a value): error 12.
    }
    (void)m.raw("type");
    (void)m.get_int("msg_id");
    (void)m.get_string("");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    simdjson::ondemand::parser parser;
    const std::string_view line{reinterpret_cast<const char*>(data), size};
    message m;
    if (parse_envelope(parser, line, m)) { return 0; }
    read_every_field(m);

    std::string again;
    append_envelope(again, m.src, m.dest, m.body_text());
    message reread;
    if (auto error = parse_envelope(parser, again, reread)) {
        fuzz::fail(("a parsed message written back does not parse: " + error.reason).c_str());
    }
    if (reread.src != m.src || reread.dest != m.dest || reread.type != m.type || reread.msg_id != m.msg_id ||
        reread.in_reply_to != m.in_reply_to || reread.body_text() != m.body_text()) {
        fuzz::fail("a parsed message written back reads differently");
    }
    return 0;
}

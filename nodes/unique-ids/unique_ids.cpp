#include "nodes/unique-ids/unique_ids.hpp"

#include <cstdio>
#include <memory>

namespace squall::unique_ids {

namespace {
struct generator {
    std::string prefix;  // "<node>-<boot>-", fixed once init tells us our id
    std::int64_t counter = 0;
};
}  // namespace

void install(node& n) {
    auto gen = std::make_shared<generator>();
    const std::uint64_t boot = n.random().next();
    n.on("generate", [&n, gen, boot](const message& m) {
        if (gen->prefix.empty()) {
            char hex[17];
            std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(boot));
            gen->prefix = n.id() + "-" + hex + "-";
        }
        json_writer reply;
        reply.field("type", "generate_ok").field("id", gen->prefix + std::to_string(++gen->counter));
        n.reply(m, std::move(reply));
    });
}

}  // namespace squall::unique_ids

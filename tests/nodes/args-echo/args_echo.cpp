#include "tests/nodes/args-echo/args_echo.hpp"

namespace squall::args_echo {

void install(node& n, const std::vector<std::string>& args) {
    std::string listed;
    for (const auto& a : args) { listed += (listed.empty() ? "[" : " [") + a + "]"; }
    n.on_init([&n, listed] { n.log("args: " + (listed.empty() ? std::string("none") : listed)); });
    n.on("echo", [&n](const message& request) {
        json_writer reply;
        reply.field("type", "echo_ok").raw_field("echo", request.raw("echo"));
        n.reply(request, std::move(reply));
    });
}

}  // namespace squall::args_echo

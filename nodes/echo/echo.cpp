#include "nodes/echo/echo.hpp"

namespace squall::echo {

void install(node& n) {
    n.on("echo", [&n](const message& request) {
        const std::string_view echo = request.raw("echo");
        if (echo.empty()) { throw rpc_error(error_code::malformed_request, "echo needs an echo field"); }
        // Copy the value's JSON text as it came: no DOM, no re-serialisation.
        json_writer reply;
        reply.field("type", "echo_ok").raw_field("echo", echo);
        n.reply(request, std::move(reply));
    });
}

}  // namespace squall::echo

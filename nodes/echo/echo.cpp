#include "nodes/echo/echo.hpp"

namespace squall::echo {

void install(node& n) {
    n.on("echo", [&n](const message& request) {
        const std::string_view echo = request.raw("echo");
        if (echo.empty()) { throw rpc_error(error_code::malformed_request, "echo needs an echo field"); }
        // The envelope parser skipped over this value without checking it; a reply must never
        // carry invalid JSON (or a value the bench cannot hold), so it is checked here.
        if (!message::is_valid_value(echo)) {
            throw rpc_error(error_code::malformed_request, "the echo value is not valid JSON");
        }
        // Copy the value's JSON text as it came: no DOM, no re-serialisation.
        json_writer reply;
        reply.field("type", "echo_ok").raw_field("echo", echo);
        n.reply(request, std::move(reply));
    });
}

}  // namespace squall::echo

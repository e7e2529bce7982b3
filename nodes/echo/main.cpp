#include "common/runtime/process_main.hpp"
#include "nodes/echo/echo.hpp"

int main(int argc, char** argv) {
    return squall::run_process_node(argc, argv, [](squall::node& n, const auto&) { squall::echo::install(n); });
}

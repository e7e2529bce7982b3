#include "common/runtime/process_main.hpp"
#include "tests/nodes/args-echo/args_echo.hpp"

int main(int argc, char** argv) { return squall::run_process_node(argc, argv, squall::args_echo::install); }

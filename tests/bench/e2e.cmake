# End-to-end runs through `squall test`: nodes written right judged valid (exit 0), nodes
# written wrong on purpose judged invalid (exit 1) with the reason on the console.
set(SQUALL $<TARGET_FILE:squall>)
set(NODES ${CMAKE_CURRENT_SOURCE_DIR}/nodes)
set(EXPECT ${CMAKE_CURRENT_SOURCE_DIR}/expect_exit.sh)
set(STORE ${CMAKE_CURRENT_BINARY_DIR}/store)

function(bench_e2e name code pattern)
  add_test(NAME bench.e2e.${name}
           COMMAND ${EXPECT} ${code} "${pattern}" ${SQUALL} test --store ${STORE}/${name} --quiet ${ARGN})
  set_tests_properties(bench.e2e.${name} PROPERTIES TIMEOUT 60)
endfunction()

# Python nodes (stdlib only).
bench_e2e(python_echo 0 "Everything looks good" -w echo --bin ${NODES}/echo.py --node-count 2
          --time-limit 2 --rate 20 --seed 1)
bench_e2e(python_lin_kv_proxy 0 "Everything looks good" -w lin-kv --bin ${NODES}/lin_kv_proxy.py
          --node-count 2 --concurrency 4 --time-limit 2 --rate 30 --seed 1)
bench_e2e(broadcast_drops_invalid 1 "lost" -w broadcast --bin ${NODES}/broadcast_drops.py --node-count 3
          --time-limit 2 --rate 20 --recovery-time 0.5 --seed 1)
bench_e2e(counter_double_invalid 1 "why: errors" -w g-counter --bin ${NODES}/counter_double.py --node-count 1
          --time-limit 2 --rate 20 --recovery-time 0.2 --seed 3)
bench_e2e(ids_repeat_invalid 1 "duplicated" -w unique-ids --bin ${NODES}/ids_repeat.py --node-count 3
          --time-limit 1 --rate 30 --seed 1)
bench_e2e(lin_kv_local_reads_invalid 1 "not linearizable" -w lin-kv --bin ${NODES}/lin_kv_local.py
          --node-count 2 --concurrency 4 --time-limit 3 --rate 40 --seed 1)
bench_e2e(invalid_lines_reported 0 "invalid lines from nodes: [1-9]" -w echo --bin ${NODES}/garbage.py
          --node-count 1 --time-limit 1 --rate 10 --seed 1)
bench_e2e(crash_reported 1 "Node n0 crashed.*status 3" -w echo --bin ${NODES}/crash.py --node-count 1
          --time-limit 1 --rate 10 --seed 1)
bench_e2e(missing_bin 255 "could not find --bin" -w echo --bin ${NODES}/no-such-node)
bench_e2e(later_workload 255 "later issue" -w kafka --bin ${NODES}/echo.py)

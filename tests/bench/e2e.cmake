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

# The C++ nodes, when they are part of the build.
function(bench_e2e_node name node code pattern)
  if(TARGET ${node})
    add_test(NAME bench.e2e.${name}
             COMMAND ${EXPECT} ${code} "${pattern}" ${SQUALL} test --store ${STORE}/${name} --quiet
                     --bin $<TARGET_FILE:${node}> ${ARGN})
    set_tests_properties(bench.e2e.${name} PROPERTIES TIMEOUT 90)
  endif()
endfunction()

bench_e2e_node(cpp_echo echo 0 "Everything looks good" -w echo --node-count 1 --time-limit 2 --rate 50 --seed 1)
bench_e2e_node(cpp_unique_ids_partition unique-ids 0 "Everything looks good" -w unique-ids --node-count 3
               --time-limit 3 --rate 500 --availability total --nemesis partition --seed 1)
bench_e2e_node(cpp_broadcast_25_latency_100 broadcast 0 "stable latencies \\(ms\\): .*\"0.5\""
               -w broadcast --node-count 25 --time-limit 5 --rate 100 --latency 100 --recovery-time 2 --seed 1)
bench_e2e_node(cpp_broadcast_partition broadcast 0 "Everything looks good" -w broadcast --node-count 5
               --time-limit 4 --rate 20 --nemesis partition --nemesis-interval 1 --recovery-time 3 --seed 1)
bench_e2e_node(cpp_g_set_partition g-set 0 "Everything looks good" -w g-set --node-count 3 --time-limit 3
               --rate 50 --nemesis partition --nemesis-interval 1 --recovery-time 2 --seed 1)
bench_e2e_node(cpp_g_counter_faults g-counter 0 "Everything looks good" -w g-counter --node-count 3
               --time-limit 4 --rate 50 --nemesis partition,kill,pause --nemesis-interval 1 --recovery-time 2 --seed 2)
# Message faults work on real processes too: broadcast resends until acknowledged.
bench_e2e_node(cpp_broadcast_message_faults broadcast 0 "Everything looks good" -w broadcast --node-count 3
               --time-limit 2 --rate 20 --latency 20 --loss 0.1 --duplicate 0.1 --reorder 0.2 --recovery-time 1 --seed 1)
bench_e2e(lose_unsynced_needs_sim 255 "lose-unsynced needs --sim" -w echo --bin ${NODES}/echo.py --lose-unsynced)
bench_e2e(clock_nemesis_needs_sim 255 "nemesis clock needs --sim" -w echo --bin ${NODES}/echo.py --nemesis clock)
bench_e2e_node(cpp_pn_counter_partition pn-counter 0 "Everything looks good" -w pn-counter --node-count 3
               --time-limit 3 --rate 50 --nemesis partition --nemesis-interval 1 --recovery-time 2 --seed 1)
bench_e2e_node(cpp_or_set_partition or-set 0 "Everything looks good" -w or-set --node-count 3 --time-limit 3
               --rate 50 --nemesis partition --nemesis-interval 1 --recovery-time 2 --seed 1)

# Kill and restart: the data directory survives, so a node that saves its counter there keeps
# its ids unique, and one that does not repeats them (Maelstrom issue #93). Long enough for
# clients stuck behind a killed node to time out (5 s, as Maelstrom) and come back.
bench_e2e(kill_restart_keeps_data_dir 0 "Everything looks good" -w unique-ids --bin ${NODES}/ids_counter.py persist
          --node-count 2 --concurrency 4n --time-limit 14 --rate 200 --nemesis kill --nemesis-interval 2 --seed 1)
bench_e2e(kill_restart_forgets_memory_invalid 1 "duplicated" -w unique-ids --bin ${NODES}/ids_counter.py
          --node-count 2 --concurrency 4n --time-limit 14 --rate 200 --nemesis kill --nemesis-interval 2 --seed 1)
set_property(TEST bench.e2e.kill_restart_keeps_data_dir bench.e2e.kill_restart_forgets_memory_invalid
             APPEND PROPERTY LABELS slow)

# A 70 MiB line of garbage before every reply: reported, skipped, and the replies still count.
bench_e2e(long_line_skipped 0 "invalid lines from nodes: [1-9]" -w echo --bin ${NODES}/long_line.py --node-count 1
          --time-limit 2 --rate 2 --seed 1)

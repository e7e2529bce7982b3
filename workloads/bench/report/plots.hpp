#pragma once
#include <string>

#include "workloads/history/history.hpp"

namespace squall::bench {

// latency-raw.svg, latency-quantiles.svg and rate.svg through gnuplot (skipped when gnuplot
// is not installed); the data files stay beside them. Nemesis periods are shaded.
void write_plots(const std::string& dir, const history::history& h);

// messages.svg: a Lamport diagram of the first 10,000 journal events, from messages.jsonl.
void write_messages_svg(const std::string& dir);

// timeline.html: client operations per process over time (first 10,000).
void write_timeline(const std::string& dir, const history::history& h);

}  // namespace squall::bench

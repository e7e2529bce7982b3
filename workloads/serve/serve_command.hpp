#pragma once
// `squall serve [--store DIR] [--port 8080] [--host 127.0.0.1]`: a read-only web server over a
// results store, as `maelstrom serve` is: the list of runs (sortable, filterable), a page per run
// (verdict and reason, plots, links to the timeline, the Lamport diagram, the anomaly pages, the
// node logs, Jepsen's files) and the replay command. Only files under the store are served.
// --port 0 takes any free port; the first line printed names the address.
namespace squall::serve {

int serve_main(int argc, char** argv);

}  // namespace squall::serve

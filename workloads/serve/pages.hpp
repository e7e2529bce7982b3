#pragma once
// The HTML of `squall serve`: the list of runs and a page per run. Plain pages with a little
// inline script (sorting and filtering the list); everything else a run shows (plots, the
// Lamport diagram, the timeline, the anomaly pages) is the run's own files, linked and embedded.
#include <string>
#include <vector>

#include "workloads/serve/run_index.hpp"

namespace squall::serve {

std::string html_escape(const std::string& text);
// `path` with every byte outside [A-Za-z0-9-._~/] written %XX, for an href.
std::string url_path(const std::string& path);

std::string index_page(const std::vector<run_entry>& runs, const std::string& store_name);

// `files`: the run directory's entries relative to it, directories ending in '/'.
std::string run_page(const run_entry& run, const std::vector<std::string>& files);

// A directory under the store (a run's node-logs/, elle/, data/): its entries, linked.
std::string directory_page(const std::string& relative, const std::vector<std::string>& entries);

}  // namespace squall::serve

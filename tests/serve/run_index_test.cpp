// The results browser's pure parts: which paths it will read, how it lists runs, what the pages
// link to.
#include <filesystem>
#include <fstream>

#include <catch2/catch.hpp>

#include "tests/unit/temp_dir.hpp"
#include "workloads/serve/pages.hpp"
#include "workloads/serve/run_index.hpp"

namespace fs = std::filesystem;
using squall::serve::resolve_under;

namespace {

void write(const fs::path& file, const std::string& text) {
    fs::create_directories(file.parent_path());
    std::ofstream(file) << text;
}

}  // namespace

TEST_CASE("serve: only paths inside the store resolve") {
    squall::testing::temp_dir dir;
    const fs::path store = fs::path(dir.path) / "store";
    write(store / "lin-kv" / "T1" / "results.json", "{}");
    write(fs::path(dir.path) / "secret", "x");
    fs::create_directory_symlink(fs::path(dir.path), store / "out");
    CHECK(resolve_under(store, "lin-kv/T1/results.json"));
    CHECK(resolve_under(store, ""));  // the store itself
    CHECK_FALSE(resolve_under(store, "../secret"));
    CHECK_FALSE(resolve_under(store, "lin-kv/../../secret"));
    CHECK_FALSE(resolve_under(store, "/etc/passwd"));
    CHECK_FALSE(resolve_under(store, "out/secret"));  // a link that leaves the store
    CHECK_FALSE(resolve_under(store, std::string("lin-kv\0/x", 9)));
}

TEST_CASE("serve: runs listed newest first with verdict, node, seed and a replay command") {
    squall::testing::temp_dir dir;
    const fs::path store = fs::path(dir.path);
    write(store / "lin-kv" / "20260101T000000.000Z" / "results.json",
          R"({"valid?": true, "seed": 3, "stats": {"count": 10}, "history-digest": "ab",
              "command-line": ["test", "--sim", "--node", "raft-kv", "-w", "lin-kv", "--", "--bug", "x y"]})");
    write(
        store / "g-counter" / "20260102T000000.000Z" / "results.json",
        R"({"valid?": false, "why": "lost", "seed": 4, "command-line": ["test", "--bin", "/a/b/node", "--seed", "4"]})");
    write(store / "g-counter" / "20260103T000000.000Z" / "notes.txt", "no results: not a run");
    const auto runs = squall::serve::list_runs(store);
    REQUIRE(runs.size() == 2);
    CHECK(runs[0].path == "g-counter/20260102T000000.000Z");
    CHECK(runs[0].verdict == "invalid");
    CHECK(runs[0].why == "lost");
    CHECK(runs[0].node == "node");
    CHECK(runs[0].replay == "squall test --bin /a/b/node --seed 4");
    CHECK(runs[1].node == "raft-kv");
    CHECK(runs[1].ops == 10);
    CHECK(runs[1].replay == "squall test --sim --node raft-kv -w lin-kv --seed 3 -- --bug 'x y'");
    const std::string index = squall::serve::index_page(runs, "store");
    CHECK(index.find("href=\"/run/g-counter/20260102T000000.000Z\"") != std::string::npos);
    const std::string page = squall::serve::run_page(runs[0], {"results.json", "timeline.html", "node-logs/"});
    CHECK(page.find("href=\"/files/g-counter/20260102T000000.000Z/timeline.html\"") != std::string::npos);
    CHECK(page.find("<span class=\"invalid\">invalid</span>: lost") != std::string::npos);
}

TEST_CASE("serve: text from the store is escaped in pages and links") {
    CHECK(squall::serve::html_escape("<a href=\"x\">&'") == "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
    CHECK(squall::serve::url_path("a b/<c>?#") == "a%20b/%3Cc%3E%3F%23");
}

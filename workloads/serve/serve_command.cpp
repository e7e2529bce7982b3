#include "workloads/serve/serve_command.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <httplib.h>

#include "common/core/closest_word.hpp"
#include "workloads/serve/pages.hpp"
#include "workloads/serve/run_index.hpp"

namespace squall::serve {
namespace {

namespace fs = std::filesystem;

std::string content_type(const fs::path& file) {
    const std::string ext = file.extension().string();
    if (ext == ".html") { return "text/html; charset=utf-8"; }
    if (ext == ".svg") { return "image/svg+xml"; }
    if (ext == ".json") { return "application/json"; }
    if (ext == ".png") { return "image/png"; }
    // history.jsonl, *.edn, *.log, *.txt, *.dat, plots.gnuplot, ...: shown as text.
    return "text/plain; charset=utf-8";
}

std::vector<std::string> entries_of(const fs::path& dir) {
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
        out.push_back(e.path().filename().string() + (e.is_directory(ec) ? "/" : ""));
    }
    std::sort(out.begin(), out.end());
    return out;
}

void not_found(httplib::Response& res, const std::string& what) {
    res.status = 404;
    res.set_content("not found: " + what + "\n", "text/plain; charset=utf-8");
}

// A file streamed in chunks (messages.jsonl may be hundreds of MiB), a directory as a page.
void send_path(const fs::path& store, const std::string& relative, httplib::Response& res) {
    const auto path = resolve_under(store, relative);
    std::error_code ec;
    if (!path || !fs::exists(*path, ec)) { return not_found(res, relative); }
    if (fs::is_directory(*path, ec)) {
        res.set_content(directory_page(relative, entries_of(*path)), "text/html; charset=utf-8");
        return;
    }
    const auto size = fs::file_size(*path, ec);
    auto in = std::make_shared<std::ifstream>(*path, std::ios::binary);
    if (ec || !*in) { return not_found(res, relative); }
    res.set_content_provider(static_cast<std::size_t>(size), content_type(*path),
                             [in](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
                                 std::vector<char> buf(std::min<std::size_t>(length, 1 << 16));
                                 in->seekg(static_cast<std::streamoff>(offset));
                                 in->read(buf.data(), static_cast<std::streamsize>(buf.size()));
                                 if (in->gcount() <= 0) { return false; }
                                 sink.write(buf.data(), static_cast<std::size_t>(in->gcount()));
                                 return true;
                             });
}

}  // namespace

int serve_main(int argc, char** argv) {
    std::string store = "store";
    std::string host = "127.0.0.1";
    int port = 8080;
    CLI::App app("Browse the runs of a results store (read-only), as `maelstrom serve` does.", "squall serve");
    app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    app.add_option("--store", store, "the results store (store)")->type_name("DIR");
    app.add_option("--port", port, "TCP port; 0 takes any free one (8080)")
        ->type_name("N")
        ->check(CLI::Range(0, 65535));
    app.add_option("--host", host, "address to listen on; 0.0.0.0 for every interface (127.0.0.1)")->type_name("ADDR");
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp&) {
        std::printf("%s", app.help().c_str());
        return 0;
    } catch (const CLI::ParseError& e) {
        std::fprintf(stderr, "squall serve: %s%s\n", e.what(), flag_hint(argc, argv, long_flags(app)).c_str());
        return 255;
    }
    std::error_code ec;
    if (!fs::is_directory(store, ec)) {
        std::fprintf(stderr, "squall serve: %s is not a directory (run a test first, or give --store)\n",
                     store.c_str());
        return 255;
    }
    const fs::path root = fs::weakly_canonical(store, ec);
    httplib::Server server;
    server.Get("/", [&](const httplib::Request&, httplib::Response& res) {
        res.set_content(index_page(list_runs(root), store), "text/html; charset=utf-8");
    });
    server.Get(R"(/run/(.+))", [&](const httplib::Request& req, httplib::Response& res) {
        const std::string relative = req.matches[1];
        const auto run = find_run(root, relative);
        if (!run) { return not_found(res, "run " + relative); }
        res.set_content(run_page(*run, entries_of(*resolve_under(root, relative))), "text/html; charset=utf-8");
    });
    server.Get(R"(/files/(.*))",
               [&](const httplib::Request& req, httplib::Response& res) { send_path(root, req.matches[1], res); });
    const int bound = port == 0 ? server.bind_to_any_port(host) : (server.bind_to_port(host, port) ? port : -1);
    if (bound < 0) {
        std::fprintf(stderr, "squall serve: cannot listen on %s:%d\n", host.c_str(), port);
        return 255;
    }
    std::printf("squall serve: http://%s:%d/ (store %s)\n", host.c_str(), bound, root.c_str());
    std::fflush(stdout);
    return server.listen_after_bind() ? 0 : 255;
}

}  // namespace squall::serve

#include "workloads/elle/results_files.hpp"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "workloads/elle/explain.hpp"

extern char** environ;

namespace squall::elle {
namespace {

bool dot_on_path() {
    const char* path = std::getenv("PATH");
    if (!path) { return false; }
    std::string paths(path);
    for (std::size_t start = 0; start <= paths.size();) {
        std::size_t end = paths.find(':', start);
        if (end == std::string::npos) { end = paths.size(); }
        const std::string candidate = paths.substr(start, end - start) + "/dot";
        if (end > start && ::access(candidate.c_str(), X_OK) == 0) { return true; }
        start = end + 1;
    }
    return false;
}

// Rendering is a nicety: a failure leaves the .dot file for the reader.
void render_svg(const std::filesystem::path& dot_file) {
    const std::string in = dot_file.string();
    const std::string out = std::filesystem::path(dot_file).replace_extension(".svg").string();
    std::string a0 = "dot", a1 = "-Tsvg", a2 = "-o";
    char* argv[] = {a0.data(), a1.data(), a2.data(), const_cast<char*>(out.c_str()), const_cast<char*>(in.c_str()),
                    nullptr};
    pid_t pid = 0;
    if (::posix_spawnp(&pid, "dot", nullptr, nullptr, argv, environ) != 0) { return; }
    int status = 0;
    ::waitpid(pid, &status, 0);
}

}  // namespace

void write_results(const std::filesystem::path& dir, const nlohmann::json& result) {
    std::filesystem::create_directories(dir);
    const bool render = dot_on_path();
    for (const auto& [name, cases] : result.at("anomalies").items()) {
        std::ofstream words(dir / (name + ".txt"));
        std::size_t n = 0;
        for (const auto& c : cases) {
            if (c.contains("explanation") && c.contains("cycle")) {
                words << c.at("explanation").get<std::string>() << "\n";
                std::filesystem::create_directories(dir / name);
                const auto dot_file = dir / name / (std::to_string(n) + ".dot");
                std::ofstream(dot_file) << cycle_dot(name, c);
                if (render) { render_svg(dot_file); }
                ++n;
            } else {
                words << c.dump(2) << "\n\n";
            }
        }
    }
}

}  // namespace squall::elle

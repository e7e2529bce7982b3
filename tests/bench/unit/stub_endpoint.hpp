#pragma once
// A node for the bench's unit tests: always up, never paused, ignoring kills and pauses; a test
// overrides deliver() (and whatever else it exercises).
#include <string>
#include <utility>

#include "workloads/bench/endpoint/endpoint.hpp"

namespace squall::bench::testing {

class stub_endpoint : public endpoint {
public:
    explicit stub_endpoint(std::string id) : id_(std::move(id)) {}
    const std::string& id() const override { return id_; }
    bool start(std::string&) override { return true; }
    void kill() override {}
    void pause() override {}
    void resume() override {}
    void shutdown() override {}
    bool alive() const override { return true; }
    bool paused() const override { return false; }

private:
    std::string id_;
};

}  // namespace squall::bench::testing

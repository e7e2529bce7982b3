#pragma once
// Group commit: many fibers wait for their writes to become durable, and one sync serves them
// all. The first waiter of a batch queues a flush task behind the work already queued (the
// rest of the input that arrived together), so every handler of that input appends first and
// then one sync acknowledges them all.
//
//   log.append(record);
//   commit.wait();               // returns once a sync that began after the append finished
//   n.reply(m, {{"type", "add_ok"}});
//
// If the sync throws (the disk failed), every waiter of the batch gets the exception: nothing
// is acknowledged that may not be durable.
#include <functional>
#include <memory>

#include <boost/fiber/future.hpp>

#include "common/runtime/node.hpp"

namespace squall {

class group_commit {
public:
    group_commit(node& n, std::function<void()> sync) : node_{n}, sync_{std::move(sync)} {}
    group_commit(const group_commit&) = delete;
    group_commit& operator=(const group_commit&) = delete;

    // Blocks this fiber until the writes made before the call are durable.
    void wait() {
        if (!open_) {
            open_ = std::make_shared<batch>();
            node_.spawn([this, b = open_] { flush(*b); });
        }
        boost::fibers::shared_future<void> done = open_->done;
        done.get();
    }

    std::uint64_t syncs() const { return syncs_; }

private:
    struct batch {
        boost::fibers::promise<void> promise;
        boost::fibers::shared_future<void> done = promise.get_future().share();
    };

    void flush(batch& b) {
        open_.reset();  // writes from now on wait for the next sync
        try {
            ++syncs_;
            sync_();
        } catch (...) {
            b.promise.set_exception(std::current_exception());
            throw;
        }
        b.promise.set_value();
    }

    node& node_;
    std::function<void()> sync_;
    std::shared_ptr<batch> open_;
    std::uint64_t syncs_ = 0;
};

}  // namespace squall

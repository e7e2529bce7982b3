#include "common/lsm/internal_key.hpp"
#include "common/lsm/iterator.hpp"

namespace squall::lsm {
namespace {

class merging_iterator final : public internal_iterator {
public:
    explicit merging_iterator(std::vector<std::unique_ptr<internal_iterator>> children)
        : children_{std::move(children)} {}

    bool valid() const override { return current_ != nullptr; }
    void seek_to_first() override {
        for (auto& c : children_) { c->seek_to_first(); }
        find_smallest();
    }
    void seek(std::string_view target) override {
        for (auto& c : children_) { c->seek(target); }
        find_smallest();
    }
    void next() override {
        current_->next();
        find_smallest();
    }
    std::string_view key() const override { return current_->key(); }
    std::string_view value() const override { return current_->value(); }

private:
    // Ties (the same internal key in two sources) cannot happen: sequence numbers are unique.
    void find_smallest() {
        current_ = nullptr;
        for (auto& c : children_) {
            if (c->valid() && (current_ == nullptr || compare_internal(c->key(), current_->key()) < 0)) {
                current_ = c.get();
            }
        }
    }

    std::vector<std::unique_ptr<internal_iterator>> children_;
    internal_iterator* current_ = nullptr;
};

}  // namespace

std::unique_ptr<internal_iterator> make_merging_iterator(std::vector<std::unique_ptr<internal_iterator>> children) {
    return std::make_unique<merging_iterator>(std::move(children));
}

}  // namespace squall::lsm

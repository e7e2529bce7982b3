#include "common/lsm/db.hpp"
#include "common/lsm/errors.hpp"

namespace squall::lsm {
namespace {

// The tables of one level >= 1 in key order: disjoint, so one table at a time.
class level_iterator final : public internal_iterator {
public:
    level_iterator(std::vector<file_ptr> files, std::vector<std::shared_ptr<table>> tables, bool fill_cache)
        : files_{std::move(files)}, tables_{std::move(tables)}, fill_cache_{fill_cache} {}

    bool valid() const override { return current_ && current_->valid(); }
    void seek_to_first() override {
        open(0);
        if (current_) { current_->seek_to_first(); }
        skip_finished_tables();
    }
    void seek(std::string_view target) override {
        std::size_t i = 0;
        while (i < files_.size() && compare_internal(files_[i]->largest, target) < 0) { ++i; }
        open(i);
        if (current_) { current_->seek(target); }
        skip_finished_tables();
    }
    void next() override {
        current_->next();
        skip_finished_tables();
    }
    std::string_view key() const override { return current_->key(); }
    std::string_view value() const override { return current_->value(); }

private:
    void open(std::size_t i) {
        index_ = i;
        current_ = i < tables_.size() ? tables_[i]->iterate(fill_cache_) : nullptr;
    }
    void skip_finished_tables() {
        while (current_ && !current_->valid()) {
            open(index_ + 1);
            if (current_) { current_->seek_to_first(); }
        }
    }

    std::vector<file_ptr> files_;
    std::vector<std::shared_ptr<table>> tables_;
    bool fill_cache_;
    std::size_t index_ = 0;
    std::unique_ptr<internal_iterator> current_;
};

}  // namespace

std::unique_ptr<internal_iterator> db::level_iterator(const std::vector<file_ptr>& files, bool fill_cache) {
    std::vector<std::shared_ptr<table>> tables;
    tables.reserve(files.size());
    for (const file_ptr& f : files) { tables.push_back(open_table(*f)); }
    return std::make_unique<class level_iterator>(files, std::move(tables), fill_cache);
}

std::unique_ptr<internal_iterator> db::merged_iterator() {
    std::vector<std::unique_ptr<internal_iterator>> children;
    children.push_back(memtable::iterate(mem_));
    if (frozen_) { children.push_back(memtable::iterate(frozen_)); }
    for (const file_ptr& f : current_.levels[0]) { children.push_back(open_table(*f)->iterate()); }
    for (std::size_t level = 1; level < current_.levels.size(); ++level) {
        if (!current_.levels[level].empty()) { children.push_back(level_iterator(current_.levels[level], true)); }
    }
    return make_merging_iterator(std::move(children));
}

std::unique_ptr<db_iterator> db::scan(std::optional<std::uint64_t> snapshot) {
    return std::make_unique<db_iterator>(merged_iterator(), snapshot.value_or(last_sequence_));
}

void db_iterator::seek_to_first() {
    it_->seek_to_first();
    find_visible(false);
}

void db_iterator::seek(std::string_view user_key) {
    it_->seek(lookup_key(user_key, sequence_));
    find_visible(false);
}

void db_iterator::next() {
    it_->next();
    find_visible(true);
}

// Moves to the newest version visible at the snapshot of the next user key that is not deleted;
// with `skipping`, the versions of key_ (the key just returned or deleted) are passed over.
void db_iterator::find_visible(bool skipping) {
    valid_ = false;
    for (; it_->valid(); it_->next()) {
        parsed_key p;
        if (!parse_internal_key(it_->key(), p)) { throw corruption_error("(scan)", 0, "bad internal key"); }
        if (p.sequence > sequence_) { continue; }
        if (skipping && p.user_key == key_) { continue; }
        key_.assign(p.user_key);
        if (p.kind == entry_kind::deletion) {
            skipping = true;
            continue;
        }
        value_.assign(it_->value());
        valid_ = true;
        return;
    }
}

}  // namespace squall::lsm

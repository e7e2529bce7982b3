#include "common/lsm/memtable.hpp"

namespace squall::lsm {

void memtable::add(std::uint64_t sequence, entry_kind kind, std::string_view key, std::string_view value) {
    entries_.emplace(make_internal_key(key, sequence, kind), std::string(value));
    // The entry's bytes plus a little, as LevelDB counts its memtable (arena bytes), so that a
    // write buffer of the same size gives level-0 tables of about the same size; the map's own
    // heap use (node, string headers, allocations) is about twice that.
    bytes_ += key.size() + 8 + value.size() + 24;
}

lookup_result memtable::get(std::string_view key, std::uint64_t sequence) const {
    lookup_result out;
    auto it = entries_.lower_bound(lookup_key(key, sequence));
    if (it == entries_.end()) { return out; }
    parsed_key parsed;
    if (!parse_internal_key(it->first, parsed) || parsed.user_key != key) { return out; }
    if (parsed.kind == entry_kind::value) {
        out.state = lookup_state::found;
        out.value = it->second;
    } else {
        out.state = lookup_state::deleted;
    }
    return out;
}

namespace {

class memtable_iterator final : public internal_iterator {
public:
    explicit memtable_iterator(std::shared_ptr<const memtable> owner)
        : owner_{std::move(owner)}, it_{owner_->contents().end()} {}

    bool valid() const override { return it_ != owner_->contents().end(); }
    void seek_to_first() override { it_ = owner_->contents().begin(); }
    void seek(std::string_view target) override { it_ = owner_->contents().lower_bound(target); }
    void next() override { ++it_; }
    std::string_view key() const override { return it_->first; }
    std::string_view value() const override { return it_->second; }

private:
    std::shared_ptr<const memtable> owner_;
    memtable::map_type::const_iterator it_;
};

}  // namespace

std::unique_ptr<internal_iterator> memtable::iterate(std::shared_ptr<const memtable> owner) {
    return std::make_unique<memtable_iterator>(std::move(owner));
}

}  // namespace squall::lsm

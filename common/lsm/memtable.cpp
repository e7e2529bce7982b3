#include "common/lsm/memtable.hpp"

#include <algorithm>
#include <new>

namespace squall::lsm {

memtable::memtable() : head_{new_node(max_height, {}, {})} {
    for (int i = 0; i < max_height; ++i) { head_->next(i) = nullptr; }
}

char* memtable::allocate(std::size_t bytes, std::size_t align) {
    const std::size_t pad = (align - reinterpret_cast<std::uintptr_t>(free_) % align) % align;
    if (bytes + pad > free_bytes_) {
        // Large entries get a block of their own; the rest share 64 KB blocks.
        const std::size_t size = std::max<std::size_t>(64 * 1024, bytes + align);
        blocks_.push_back(std::make_unique<char[]>(size));
        free_ = blocks_.back().get();
        free_bytes_ = size;
        return allocate(bytes, align);
    }
    char* out = free_ + pad;
    free_ += pad + bytes;
    free_bytes_ -= pad + bytes;
    return out;
}

memtable::node* memtable::new_node(int height, std::string_view key, std::string_view value) {
    static_assert(sizeof(node) % alignof(node*) == 0, "the next pointers follow the node aligned");
    const std::size_t bytes = sizeof(node) + sizeof(node*) * static_cast<std::size_t>(height);
    char* memory = allocate(bytes, alignof(node));
    node* n = new (memory) node{key, value};
    for (int level = 0; level < height; ++level) { n->next(level) = nullptr; }
    return n;
}

int memtable::random_height() {
    int height = 1;
    while (height < max_height && random_.below(4) == 0) { ++height; }  // branching factor 4
    return height;
}

void memtable::add(std::uint64_t sequence, entry_kind kind, std::string_view key, std::string_view value) {
    char* bytes = allocate(key.size() + 8 + value.size(), 1);
    // copy_n rather than memcpy: an empty key or value may have a null data().
    std::copy_n(key.data(), key.size(), bytes);
    std::string tag;
    put_fixed64(tag, pack_tag(sequence, kind));
    std::copy_n(tag.data(), 8, bytes + key.size());
    std::copy_n(value.data(), value.size(), bytes + key.size() + 8);
    const std::string_view internal{bytes, key.size() + 8};
    const std::string_view stored_value{bytes + key.size() + 8, value.size()};

    node* before[max_height];
    node* x = head_;
    for (int level = height_ - 1; level >= 0; --level) {
        while (x->next(level) != nullptr && compare_internal(x->next(level)->key, internal) < 0) { x = x->next(level); }
        before[level] = x;
    }
    const int height = random_height();
    for (int level = height_; level < height; ++level) { before[level] = head_; }
    height_ = std::max(height_, height);
    node* n = new_node(height, internal, stored_value);
    for (int level = 0; level < height; ++level) {
        n->next(level) = before[level]->next(level);
        before[level]->next(level) = n;
    }
    ++entries_;
    bytes_ += key.size() + 8 + value.size() + 24;
}

const memtable::node* memtable::seek(std::string_view target) const {
    const node* x = head_;
    for (int level = height_ - 1; level >= 0; --level) {
        while (x->next(level) != nullptr && compare_internal(x->next(level)->key, target) < 0) { x = x->next(level); }
    }
    return x->next(0);
}

lookup_result memtable::get(std::string_view key, std::uint64_t sequence) const {
    lookup_result out;
    const node* n = seek(lookup_key(key, sequence));
    if (n == nullptr) { return out; }
    parsed_key parsed;
    if (!parse_internal_key(n->key, parsed) || parsed.user_key != key) { return out; }
    if (parsed.kind == entry_kind::value) {
        out.state = lookup_state::found;
        out.value.assign(n->value);
    } else {
        out.state = lookup_state::deleted;
    }
    return out;
}

namespace {

class memtable_iterator final : public internal_iterator {
public:
    explicit memtable_iterator(std::shared_ptr<const memtable> owner) : owner_{std::move(owner)} {}

    bool valid() const override { return at_ != nullptr; }
    void seek_to_first() override { at_ = owner_->first(); }
    void seek(std::string_view target) override { at_ = owner_->seek(target); }
    void next() override { at_ = at_->next(0); }
    std::string_view key() const override { return at_->key; }
    std::string_view value() const override { return at_->value; }

private:
    std::shared_ptr<const memtable> owner_;
    const memtable::node* at_ = nullptr;
};

}  // namespace

std::unique_ptr<internal_iterator> memtable::iterate(std::shared_ptr<const memtable> owner) {
    return std::make_unique<memtable_iterator>(std::move(owner));
}

}  // namespace squall::lsm

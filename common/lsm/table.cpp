#include <algorithm>

#include "common/lsm/coding.hpp"
#include "common/lsm/errors.hpp"
#include "common/lsm/internal_key.hpp"
#include "common/lsm/table.hpp"

namespace squall::lsm {

std::string table::read_verified(std::uint64_t offset, std::uint64_t size, readahead* ahead) {
    if (offset > file_size_ || size + 4 > file_size_ - offset) {
        throw corruption_error(name_, offset, "block handle past the end of the file");
    }
    std::optional<std::string> bytes;
    if (ahead != nullptr) {
        if (offset < ahead->at || offset + size + 4 > ahead->at + ahead->bytes.size()) {
            const auto length = static_cast<std::size_t>(std::max<std::uint64_t>(readahead::window_bytes, size + 4));
            std::optional<std::string> window = store_.read(name_, offset, length);
            ahead->at = offset;
            ahead->bytes = window ? std::move(*window) : std::string{};
        }
        if (offset + size + 4 <= ahead->at + ahead->bytes.size()) {
            bytes =
                ahead->bytes.substr(static_cast<std::size_t>(offset - ahead->at), static_cast<std::size_t>(size + 4));
        } else {
            bytes = std::string{};  // the file is shorter than its index says: reported below
        }
    } else {
        bytes = store_.read(name_, offset, static_cast<std::size_t>(size + 4));
    }
    if (!bytes) { throw corruption_error(name_, offset, "table file is missing"); }
    if (bytes->size() != size + 4) { throw corruption_error(name_, offset, "block cut short"); }
    const std::uint32_t stored = decode_fixed32(bytes->data() + size);
    bytes->resize(static_cast<std::size_t>(size));
    if (crc32c(*bytes) != stored) { throw corruption_error(name_, offset, "block checksum mismatch"); }
    return std::move(*bytes);
}

std::shared_ptr<table> table::open(durable_store& store, std::string name, std::uint64_t number,
                                   std::uint64_t file_size, block_cache* cache) {
    std::shared_ptr<table> t{new table(store, std::move(name), number, cache)};
    const std::optional<std::uint64_t> actual = store.size(t->name_);
    if (!actual) { throw corruption_error(t->name_, 0, "table file is missing"); }
    if (*actual != file_size) {
        throw corruption_error(
            t->name_, std::min(*actual, file_size),
            "file size " + std::to_string(*actual) + ", the manifest says " + std::to_string(file_size));
    }
    t->file_size_ = file_size;
    if (file_size < footer_bytes) { throw corruption_error(t->name_, 0, "shorter than a footer"); }
    const std::uint64_t footer_at = file_size - footer_bytes;
    const std::optional<std::string> footer = store.read(t->name_, footer_at, footer_bytes);
    if (!footer || footer->size() != footer_bytes) { throw corruption_error(t->name_, footer_at, "footer cut short"); }
    if (decode_fixed64(footer->data() + 56) != table_magic) {
        throw corruption_error(t->name_, footer_at + 56, "bad magic number");
    }
    if (crc32c(std::string_view{*footer}.substr(0, 52)) != decode_fixed32(footer->data() + 52)) {
        throw corruption_error(t->name_, footer_at, "footer checksum mismatch");
    }
    if (decode_fixed32(footer->data() + 48) != 1) {
        throw corruption_error(t->name_, footer_at + 48, "unknown format version");
    }
    std::uint64_t h[6];
    for (int i = 0; i < 6; ++i) { h[i] = decode_fixed64(footer->data() + 8 * i); }
    t->index_ = std::make_shared<block_contents>(block_contents{t->read_verified(h[0], h[1]), t->name_, h[0]});
    t->filter_ = t->read_verified(h[2], h[3]);
    if (!table_properties::decode(t->read_verified(h[4], h[5]), t->properties_)) {
        throw corruption_error(t->name_, h[4], "properties do not decode");
    }
    return t;
}

std::shared_ptr<const block_contents> table::read_block(std::uint64_t offset, std::uint64_t size, bool fill_cache,
                                                        readahead* ahead) {
    if (cache_ != nullptr) {
        if (auto hit = cache_->find(number_, offset)) { return hit; }
    }
    auto block =
        std::make_shared<const block_contents>(block_contents{read_verified(offset, size, ahead), name_, offset});
    if (cache_ != nullptr && fill_cache) { cache_->insert(number_, offset, block); }
    return block;
}

std::unique_ptr<internal_iterator> table::iterate_index() const { return iterate_block(index_, false); }

namespace {

bool decode_handle(std::string_view in, std::uint64_t& offset, std::uint64_t& size) {
    return get_varint(in, offset) && get_varint(in, size) && in.empty();
}

// Two levels: the index block picks the data block, the block's own iterator walks it.
class table_iterator final : public internal_iterator {
public:
    table_iterator(std::shared_ptr<table> t, bool fill_cache)
        : table_{std::move(t)}, index_{table_->iterate_index()}, fill_cache_{fill_cache} {}

    bool valid() const override { return data_ && data_->valid(); }
    void seek_to_first() override {
        index_->seek_to_first();
        load_block();
        if (data_) { data_->seek_to_first(); }
        skip_empty_blocks();
    }
    void seek(std::string_view target) override {
        index_->seek(target);
        load_block();
        if (data_) { data_->seek(target); }
        skip_empty_blocks();
    }
    void next() override {
        data_->next();
        skip_empty_blocks();
    }
    std::string_view key() const override { return data_->key(); }
    std::string_view value() const override { return data_->value(); }

private:
    void load_block() {
        data_.reset();
        if (!index_->valid()) { return; }
        std::uint64_t offset = 0;
        std::uint64_t size = 0;
        if (!decode_handle(index_->value(), offset, size)) {
            throw corruption_error(table_->name(), 0, "bad block handle in the index");
        }
        // A scan that does not fill the cache is a compaction's: it reads the table in order.
        data_ = iterate_block(table_->read_block(offset, size, fill_cache_, fill_cache_ ? nullptr : &ahead_), false);
    }
    void skip_empty_blocks() {
        while (data_ && !data_->valid()) {
            index_->next();
            load_block();
            if (data_) { data_->seek_to_first(); }
        }
    }

    std::shared_ptr<table> table_;
    std::unique_ptr<internal_iterator> index_;
    std::unique_ptr<internal_iterator> data_;
    bool fill_cache_;
    readahead ahead_;
};

}  // namespace

std::unique_ptr<internal_iterator> table::iterate(bool fill_cache) {
    return std::make_unique<table_iterator>(shared_from_this(), fill_cache);
}

lookup_result table::get(std::string_view user_key, std::uint64_t sequence) {
    lookup_result out;
    if (!bloom_may_contain(filter_, user_key)) {
        ++filter_skips_;
        return out;
    }
    const std::string target = lookup_key(user_key, sequence);
    table_iterator it{shared_from_this(), true};
    it.seek(target);
    if (!it.valid()) { return out; }
    parsed_key parsed;
    if (!parse_internal_key(it.key(), parsed)) { throw corruption_error(name_, 0, "bad internal key in a data block"); }
    if (parsed.user_key != user_key) { return out; }
    if (parsed.kind == entry_kind::value) {
        out.state = lookup_state::found;
        out.value.assign(it.value());
    } else {
        out.state = lookup_state::deleted;
    }
    return out;
}

}  // namespace squall::lsm

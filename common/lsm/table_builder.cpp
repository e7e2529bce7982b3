#include "common/lsm/coding.hpp"
#include "common/lsm/internal_key.hpp"
#include "common/lsm/table.hpp"

namespace squall::lsm {

std::string table_properties::encode() const {
    std::string out;
    for (const std::uint64_t v :
         {entries, deletions, data_blocks, raw_key_bytes, raw_value_bytes, filter_bits_per_key}) {
        put_varint(out, v);
    }
    put_length_prefixed(out, smallest);
    put_length_prefixed(out, largest);
    return out;
}

bool table_properties::decode(std::string_view in, table_properties& out) {
    for (std::uint64_t* v : {&out.entries, &out.deletions, &out.data_blocks, &out.raw_key_bytes, &out.raw_value_bytes,
                             &out.filter_bits_per_key}) {
        if (!get_varint(in, *v)) { return false; }
    }
    std::string_view smallest;
    std::string_view largest;
    if (!get_length_prefixed(in, smallest) || !get_length_prefixed(in, largest) || !in.empty()) { return false; }
    out.smallest.assign(smallest);
    out.largest.assign(largest);
    return true;
}

table_builder::table_builder(durable_store& store, std::string name, const table_options& options)
    : store_{store},
      name_{std::move(name)},
      options_{options},
      data_{options.restart_interval},
      bloom_{options.bloom_bits_per_key} {
    properties_.filter_bits_per_key = static_cast<std::uint64_t>(options.bloom_bits_per_key);
}

void table_builder::add(std::string_view internal_key, std::string_view value) {
    const std::string_view user_key = user_key_of(internal_key);
    if (properties_.entries == 0) {
        properties_.smallest.assign(internal_key);
        bloom_.add(user_key);
        last_user_key_.assign(user_key);
    } else if (user_key != last_user_key_) {
        bloom_.add(user_key);
        last_user_key_.assign(user_key);
    }
    properties_.largest.assign(internal_key);
    ++properties_.entries;
    // The kind is the tag's low byte, the first of its eight little-endian bytes.
    if (internal_key.size() >= 8 && internal_key[internal_key.size() - 8] == static_cast<char>(entry_kind::deletion)) {
        ++properties_.deletions;
    }
    properties_.raw_key_bytes += internal_key.size();
    properties_.raw_value_bytes += value.size();
    data_.add(internal_key, value);
    if (data_.size_estimate() >= options_.block_bytes) { flush_data_block(); }
}

std::pair<std::uint64_t, std::uint64_t> table_builder::write_block(std::string_view bytes) {
    const std::uint64_t at = bytes_so_far();
    pending_.append(bytes);
    put_fixed32(pending_, crc32c(bytes));
    write_out(false);
    return {at, bytes.size()};
}

void table_builder::flush_data_block() {
    if (data_.empty()) { return; }
    const std::string last_key{data_.last_key()};
    const auto [offset, size] = write_block(data_.finish());
    std::string handle;
    put_varint(handle, offset);
    put_varint(handle, size);
    index_.add(last_key, handle);
    ++properties_.data_blocks;
}

void table_builder::write_out(bool force) {
    if (pending_.empty() || (!force && pending_.size() < 1024 * 1024)) { return; }
    store_.append(name_, pending_);
    offset_ += pending_.size();
    pending_.clear();
}

std::uint64_t table_builder::finish() {
    flush_data_block();
    const auto filter = write_block(bloom_.finish());
    const auto props = write_block(properties_.encode());
    const auto index = write_block(index_.finish());
    std::string footer;
    for (const std::uint64_t v : {index.first, index.second, filter.first, filter.second, props.first, props.second}) {
        put_fixed64(footer, v);
    }
    put_fixed32(footer, 1);
    put_fixed32(footer, crc32c(footer));
    put_fixed64(footer, table_magic);
    pending_.append(footer);
    write_out(true);
    return offset_;
}

}  // namespace squall::lsm

#include "common/lsm/write_batch.hpp"

#include "common/lsm/coding.hpp"

namespace squall::lsm {
namespace {

struct decoded_op {
    entry_kind kind;
    std::string_view key;
    std::string_view value;
};

bool decode_op(std::string_view& in, decoded_op& op) {
    if (in.empty()) { return false; }
    const auto kind = static_cast<std::uint8_t>(in[0]);
    in.remove_prefix(1);
    if (kind > 1) { return false; }
    op.kind = static_cast<entry_kind>(kind);
    op.value = {};
    if (!get_length_prefixed(in, op.key)) { return false; }
    return op.kind == entry_kind::deletion || get_length_prefixed(in, op.value);
}

}  // namespace

void write_batch::put(std::string_view key, std::string_view value) {
    ops_.push_back(static_cast<char>(entry_kind::value));
    put_length_prefixed(ops_, key);
    put_length_prefixed(ops_, value);
    ++count_;
    user_bytes_ += key.size() + value.size();
}

void write_batch::remove(std::string_view key) {
    ops_.push_back(static_cast<char>(entry_kind::deletion));
    put_length_prefixed(ops_, key);
    ++count_;
    user_bytes_ += key.size();
}

void write_batch::clear() {
    ops_.clear();
    count_ = 0;
    user_bytes_ = 0;
}

std::string write_batch::encode(std::uint64_t first_sequence) const {
    std::string out;
    encode_to(out, first_sequence);
    return out;
}

void write_batch::encode_to(std::string& out, std::uint64_t first_sequence) const {
    out.reserve(out.size() + 12 + ops_.size());
    put_fixed64(out, first_sequence);
    put_fixed32(out, count_);
    out.append(ops_);
}

bool write_batch::decode(std::string_view payload, const visitor& visit) {
    std::uint64_t first = 0;
    std::uint32_t count = 0;
    if (!get_fixed64(payload, first) || !get_fixed32(payload, count) || first + count > max_sequence) { return false; }
    // Validate the whole batch before applying any of it: a batch is all or nothing.
    std::vector<decoded_op> ops;
    ops.reserve(count);
    for (std::uint32_t i = 0; i < count; ++i) {
        decoded_op op{};
        if (!decode_op(payload, op)) { return false; }
        ops.push_back(op);
    }
    if (!payload.empty()) { return false; }
    for (std::uint32_t i = 0; i < count; ++i) { visit(first + i, ops[i].kind, ops[i].key, ops[i].value); }
    return true;
}

void write_batch::for_each(std::uint64_t first_sequence, const visitor& visit) const {
    std::string_view in = ops_;
    for (std::uint32_t i = 0; i < count_; ++i) {
        decoded_op op{};
        decode_op(in, op);
        visit(first_sequence + i, op.kind, op.key, op.value);
    }
}

}  // namespace squall::lsm

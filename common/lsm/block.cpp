#include "common/lsm/block.hpp"

#include <algorithm>

#include "common/lsm/coding.hpp"
#include "common/lsm/errors.hpp"
#include "common/lsm/internal_key.hpp"

namespace squall::lsm {

void block_builder::add(std::string_view key, std::string_view value) {
    std::size_t shared = 0;
    if (since_restart_ < restart_interval_) {
        const std::size_t limit = std::min(last_key_.size(), key.size());
        while (shared < limit && last_key_[shared] == key[shared]) { ++shared; }
    } else {
        restarts_.push_back(static_cast<std::uint32_t>(buffer_.size()));
        since_restart_ = 0;
    }
    put_varint(buffer_, shared);
    put_varint(buffer_, key.size() - shared);
    put_varint(buffer_, value.size());
    buffer_.append(key.substr(shared));
    buffer_.append(value);
    last_key_.assign(key);
    ++since_restart_;
    ++entries_;
}

std::string block_builder::finish() {
    for (const std::uint32_t r : restarts_) { put_fixed32(buffer_, r); }
    put_fixed32(buffer_, static_cast<std::uint32_t>(restarts_.size()));
    std::string out = std::move(buffer_);
    buffer_.clear();
    restarts_.assign(1, 0);
    since_restart_ = 0;
    entries_ = 0;
    last_key_.clear();
    return out;
}

namespace {

class block_iterator final : public internal_iterator {
public:
    block_iterator(std::shared_ptr<const block_contents> block, bool bytewise)
        : block_{std::move(block)}, bytewise_{bytewise} {
        const std::string& b = block_->bytes;
        if (b.size() < 4) { fail(0, "block shorter than its restart count"); }
        restart_count_ = decode_fixed32(b.data() + b.size() - 4);
        if (restart_count_ == 0 || restart_count_ > (b.size() - 4) / 4) { fail(b.size() - 4, "bad restart count"); }
        restarts_at_ = b.size() - 4 - 4 * std::size_t{restart_count_};
        end_ = restarts_at_;
        next_at_ = end_;
    }

    bool valid() const override { return valid_; }
    void seek_to_first() override {
        seek_to_restart(0);
        parse_next();
    }
    void seek(std::string_view target) override {
        // The last restart point whose key is below the target, then forward from there.
        std::uint32_t lo = 0;
        std::uint32_t hi = restart_count_ - 1;
        while (lo < hi) {
            const std::uint32_t mid = (lo + hi + 1) / 2;
            if (compare(restart_key(mid), target) < 0) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        seek_to_restart(lo);
        while (parse_next() && compare(key_, target) < 0) {}
    }
    void next() override { parse_next(); }
    std::string_view key() const override { return key_; }
    std::string_view value() const override { return value_; }

private:
    [[noreturn]] void fail(std::size_t at, const std::string& what) const {
        throw corruption_error(block_->file, block_->offset + at, what);
    }
    // Checked when used rather than all at construction: a seek touches log2(count) of them.
    std::uint32_t restart(std::uint32_t i) const {
        const std::uint32_t at = decode_fixed32(block_->bytes.data() + restarts_at_ + 4 * std::size_t{i});
        if (at > restarts_at_) { fail(restarts_at_ + 4 * std::size_t{i}, "restart point past the entries"); }
        return at;
    }
    // The whole key stored at restart point i, read in place (no copy).
    std::string_view restart_key(std::uint32_t i) const {
        const std::size_t at = restart(i);
        std::string_view in = std::string_view{block_->bytes}.substr(at, end_ - at);
        std::uint64_t shared = 0;
        std::uint64_t unshared = 0;
        std::uint64_t value_length = 0;
        if (!get_varint(in, shared) || !get_varint(in, unshared) || !get_varint(in, value_length) || shared != 0 ||
            unshared > in.size()) {
            fail(at, "bad entry at a restart point");
        }
        return in.substr(0, static_cast<std::size_t>(unshared));
    }
    int compare(std::string_view a, std::string_view b) const {
        return bytewise_ ? a.compare(b) : compare_internal(a, b);
    }
    void seek_to_restart(std::uint32_t i) {
        key_.clear();
        next_at_ = restart(i);
        valid_ = false;
    }
    // Decodes the entry at next_at_; false (and invalid) at the end of the entries.
    bool parse_next() {
        if (next_at_ >= end_) {
            valid_ = false;
            return false;
        }
        const std::size_t at = next_at_;
        std::string_view in = std::string_view{block_->bytes}.substr(at, end_ - at);
        std::uint64_t shared = 0;
        std::uint64_t unshared = 0;
        std::uint64_t value_length = 0;
        if (!get_varint(in, shared) || !get_varint(in, unshared) || !get_varint(in, value_length) ||
            shared > key_.size() || unshared > in.size() || value_length > in.size() - unshared) {
            fail(at, "bad entry");
        }
        key_.resize(static_cast<std::size_t>(shared));
        key_.append(in.substr(0, static_cast<std::size_t>(unshared)));
        value_ = in.substr(static_cast<std::size_t>(unshared), static_cast<std::size_t>(value_length));
        next_at_ = static_cast<std::size_t>(value_.data() + value_.size() - block_->bytes.data());
        valid_ = true;
        return true;
    }

    std::shared_ptr<const block_contents> block_;
    bool bytewise_;
    std::uint32_t restart_count_ = 0;
    std::size_t restarts_at_ = 0;
    std::size_t end_ = 0;
    std::size_t next_at_ = 0;
    bool valid_ = false;
    std::string key_;
    std::string_view value_;
};

}  // namespace

std::unique_ptr<internal_iterator> iterate_block(std::shared_ptr<const block_contents> block, bool bytewise) {
    return std::make_unique<block_iterator>(std::move(block), bytewise);
}

}  // namespace squall::lsm

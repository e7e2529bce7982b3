// The in-memory log: index arithmetic over a deque that starts after the snapshot (§7).
#include "common/raft/log.hpp"

#include <algorithm>

#include "common/core/check.hpp"

namespace squall::raft {

log::log(log_index snapshot_index, term_t snapshot_term)
    : snapshot_index_{snapshot_index}, snapshot_term_{snapshot_term} {}

term_t log::last_term() const { return entries_.empty() ? snapshot_term_ : entries_.back().term; }

std::optional<term_t> log::term_at(log_index index) const {
    if (index == snapshot_index_) { return snapshot_term_; }
    if (index < first_index() || index > last_index()) { return std::nullopt; }
    return at(index).term;
}

const log_entry& log::at(log_index index) const {
    SQUALL_CHECK(index >= first_index() && index <= last_index());
    return entries_[index.value() - first_index().value()];
}

std::vector<log_entry> log::slice(log_index from, log_index to, std::uint64_t max_count) const {
    SQUALL_CHECK(from >= first_index());
    std::vector<log_entry> out;
    const log_index end = std::min(to, last_index());
    for (log_index i = from; i <= end && out.size() < max_count; i = i.next()) { out.push_back(at(i)); }
    return out;
}

log_index log::first_index_of_term_run(log_index index) const {
    const std::optional<term_t> term = term_at(index);
    SQUALL_CHECK(term.has_value());
    log_index first = index;
    while (first > first_index() && term_at(first.prev()) == term) { first = first.prev(); }
    return first;
}

std::optional<log_index> log::last_index_of_term(term_t term) const {
    // Terms never decrease along the log, so scan back until the terms fall below `term`.
    for (log_index i = last_index(); i >= first_index() && i.value() > 0; i = i.prev()) {
        const term_t t = at(i).term;
        if (t == term) { return i; }
        if (t < term) { break; }
    }
    if (snapshot_term_ == term && snapshot_index_.value() > 0) { return snapshot_index_; }
    return std::nullopt;
}

void log::append(log_entry entry) {
    SQUALL_CHECK(entry.index == last_index().next());
    SQUALL_CHECK(entry.term >= last_term());
    entries_.push_back(std::move(entry));
}

void log::truncate_from(log_index index) {
    SQUALL_CHECK(index >= first_index());
    while (!entries_.empty() && last_index() >= index) { entries_.pop_back(); }
}

void log::compact_through(log_index index, term_t term) {
    SQUALL_CHECK(index > snapshot_index_);
    SQUALL_CHECK(term_at(index) == term);
    while (!entries_.empty() && entries_.front().index <= index) { entries_.pop_front(); }
    snapshot_index_ = index;
    snapshot_term_ = term;
}

void log::reset(log_index snapshot_index, term_t snapshot_term) {
    entries_.clear();
    snapshot_index_ = snapshot_index;
    snapshot_term_ = snapshot_term;
}

void log::check_invariants() const {
    log_index expected = first_index();
    term_t previous = snapshot_term_;
    for (const log_entry& e : entries_) {
        SQUALL_CHECK(e.index == expected);
        SQUALL_CHECK(e.term >= previous);
        expected = expected.next();
        previous = e.term;
    }
}

}  // namespace squall::raft

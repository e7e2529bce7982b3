#include "workloads/linearizability/models.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace squall::lin {

std::string string_model::describe(std::uint64_t state) const {
    return nlohmann::json(std::string(values_.text(std::uint32_t(state)))).dump();
}

bool string_model::starts(std::uint32_t whole, std::initializer_list<std::uint32_t> parts) const {
    std::string_view rest = values_.text(whole);
    for (const std::uint32_t part : parts) {
        const std::string_view piece = values_.text(part);
        if (rest.substr(0, piece.size()) != piece) { return false; }
        rest.remove_prefix(piece.size());
    }
    return true;
}

template <class Inner>
keyed_model<Inner>::keyed_model(Inner inner, std::vector<std::string> slot_labels)
    : inner_(std::move(inner)),
      slot_labels_(std::move(slot_labels)),
      key_slots_(std::uint32_t(std::max<std::size_t>(1, slot_labels_.size()))),
      index_(1024, 0),
      scratch_(key_slots_, inner_.initial()) {
    std::uint64_t hash = 0;
    for (std::uint32_t slot = 0; slot < key_slots_; ++slot) { hash ^= slot_hash(slot, scratch_[slot]); }
    intern_scratch(hash);  // state id 0: every key at the initial value
}

template <class Inner>
bool keyed_model<Inner>::step(std::uint64_t state, const model_op& op, std::uint64_t& next) {
    const std::uint64_t* current = &slots_[state * key_slots_];
    const std::uint64_t before = current[op.key_slot];
    std::uint64_t after = 0;
    if (!inner_.step(before, op, after)) { return false; }
    if (after == before) {
        next = state;
        return true;
    }
    // The hash is a xor over (slot, value) pairs, so changing one slot is two xors.
    const std::uint64_t hash = hashes_[state] ^ slot_hash(op.key_slot, before) ^ slot_hash(op.key_slot, after);
    std::copy(current, current + key_slots_, scratch_.begin());
    scratch_[op.key_slot] = after;
    next = intern_scratch(hash);
    return true;
}

template <class Inner>
std::uint64_t keyed_model<Inner>::intern_scratch(std::uint64_t hash) {
    const std::size_t mask = index_.size() - 1;
    for (std::size_t probe = hash & mask;; probe = (probe + 1) & mask) {
        const std::uint32_t entry = index_[probe];
        if (entry == 0) { break; }
        const std::uint64_t id = entry - 1;
        if (hashes_[id] == hash && std::equal(scratch_.begin(), scratch_.end(), slots_.begin() + id * key_slots_)) {
            return id;
        }
    }
    const std::uint64_t id = hashes_.size();
    hashes_.push_back(hash);
    slots_.insert(slots_.end(), scratch_.begin(), scratch_.end());
    if (2 * hashes_.size() > index_.size()) {
        grow_index();
    } else {
        std::size_t probe = hash & mask;
        while (index_[probe] != 0) { probe = (probe + 1) & mask; }
        index_[probe] = std::uint32_t(id + 1);
    }
    return id;
}

template <class Inner>
void keyed_model<Inner>::grow_index() {
    index_.assign(index_.size() * 2, 0);
    const std::size_t mask = index_.size() - 1;
    for (std::size_t id = 0; id < hashes_.size(); ++id) {
        std::size_t probe = hashes_[id] & mask;
        while (index_[probe] != 0) { probe = (probe + 1) & mask; }
        index_[probe] = std::uint32_t(id + 1);
    }
}

template <class Inner>
std::size_t keyed_model<Inner>::memory_bytes() const {
    return inner_.memory_bytes() + slots_.capacity() * sizeof(std::uint64_t) +
           hashes_.capacity() * sizeof(std::uint64_t) + index_.capacity() * sizeof(std::uint32_t);
}

template <class Inner>
std::string keyed_model<Inner>::describe(std::uint64_t state) const {
    std::string text = "{";
    for (std::uint32_t slot = 0; slot < key_slots_; ++slot) {
        if (slot > 0) { text += ", "; }
        text += slot < slot_labels_.size() ? slot_labels_[slot] : std::to_string(slot);
        text += ": ";
        text += inner_.describe(slots_[state * key_slots_ + slot]);
    }
    return text + "}";
}

template class keyed_model<register_model>;
template class keyed_model<string_model>;

}  // namespace squall::lin

#pragma once
// A FIFO queue on one growable circular buffer. std::deque allocates a block per 512 bytes,
// which for large elements (a task carries a whole message) means an allocation per push;
// this allocates only when it grows.
#include <cstddef>
#include <utility>
#include <vector>

namespace squall {

template <class T>
class ring_queue {
public:
    bool empty() const { return count_ == 0; }
    std::size_t size() const { return count_; }

    void push_back(T&& item) {
        if (count_ == slots_.size()) { grow(); }
        slots_[(head_ + count_) % slots_.size()] = std::move(item);
        ++count_;
    }

    T pop_front() {
        T item = std::move(slots_[head_]);
        head_ = (head_ + 1) % slots_.size();
        --count_;
        return item;
    }

private:
    void grow() {
        std::vector<T> bigger(slots_.empty() ? 16 : slots_.size() * 2);
        for (std::size_t i = 0; i < count_; ++i) { bigger[i] = std::move(slots_[(head_ + i) % slots_.size()]); }
        slots_ = std::move(bigger);
        head_ = 0;
    }

    std::vector<T> slots_;
    std::size_t head_ = 0;
    std::size_t count_ = 0;
};

}  // namespace squall

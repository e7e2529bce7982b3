#pragma once
// The engine's internal iterators walk internal keys (internal_key.hpp) in order, forward only:
// a memtable, a data block, a table, a level, and the merge of all of them. Reading corrupt
// data throws corruption_error.
#include <memory>
#include <string_view>
#include <vector>

namespace squall::lsm {

class internal_iterator {
public:
    virtual ~internal_iterator() = default;
    virtual bool valid() const = 0;
    virtual void seek_to_first() = 0;
    // The first entry at or after `target` (an internal key).
    virtual void seek(std::string_view target) = 0;
    virtual void next() = 0;
    virtual std::string_view key() const = 0;
    virtual std::string_view value() const = 0;
};

// All entries of `children` in internal-key order. With few children a linear scan for the
// smallest beats a heap, and the engine has a handful (memtables, level-0 files, one per level).
std::unique_ptr<internal_iterator> make_merging_iterator(std::vector<std::unique_ptr<internal_iterator>> children);

}  // namespace squall::lsm

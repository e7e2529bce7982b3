// db_bench-style measurements of one engine (squall's LSM, LevelDB or RocksDB) on the same
// operations: 16-byte keys, 100-byte values, sync off, 8 MB block cache, bloom filters at 10
// bits per key, no compression, 4 MB write buffer, 2 MB tables, 10 MB level 1.
//   lsm-bench --engine squall|squall-kept-fd|leveldb|rocksdb --num N --reads R --dir DIR
// (squall-kept-fd: the same engine on a store that keeps read descriptors open, see below)
// Prints one line per benchmark: "<engine> <benchmark> <ops> <seconds> <ops/s> <us/op>",
// then "<engine> write_amp <x>" and "<engine> space_amp <x>".
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

#include <leveldb/cache.h>
#include <leveldb/db.h>
#include <leveldb/filter_policy.h>
#include <leveldb/write_batch.h>
#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/table.h>

#include "common/core/rng.hpp"
#include "common/lsm/db.hpp"
#include "common/runtime/storage/file_store.hpp"

namespace {

constexpr std::size_t cache_bytes = 8 << 20;

// One interface over the three engines, just what the benchmarks use.
class engine {
public:
    virtual ~engine() = default;
    virtual void put(const std::string& k, const std::string& v) = 0;
    virtual void remove(const std::string& k) = 0;
    virtual bool get(const std::string& k, std::string& v) = 0;
    // Seeks to `k` and reads up to `n` entries; returns how many it read.
    virtual int seek_and_read(const std::string& k, int n) = 0;
    virtual void compact() = 0;
};

// file_store with one change: ranged reads go through a descriptor kept open per file instead
// of open + pread + close each time. Not part of the runtime; here to measure what that costs.
class kept_descriptor_store final : public squall::durable_store {
public:
    explicit kept_descriptor_store(const std::string& dir) : files_{dir}, dir_{dir} {}
    ~kept_descriptor_store() override {
        for (const auto& [name, fd] : readers_) { ::close(fd); }
    }
    std::optional<std::string> read(std::string_view name) override { return files_.read(name); }
    std::optional<std::string> read(std::string_view name, std::uint64_t offset, std::size_t length) override {
        auto it = readers_.find(std::string(name));
        if (it == readers_.end()) {
            const int fd = ::open((dir_ + "/" + std::string(name)).c_str(), O_RDONLY | O_CLOEXEC);
            if (fd < 0) { return files_.read(name, offset, length); }
            it = readers_.emplace(std::string(name), fd).first;
        }
        std::string out(length, '\0');
        const ssize_t n = ::pread(it->second, out.data(), length, static_cast<off_t>(offset));
        if (n < 0) { return files_.read(name, offset, length); }
        out.resize(static_cast<std::size_t>(n));
        return out;
    }
    std::optional<std::uint64_t> size(std::string_view name) override { return files_.size(name); }
    void append(std::string_view name, std::string_view bytes) override { files_.append(name, bytes); }
    void replace(std::string_view name, std::string_view content) override {
        forget(name);
        files_.replace(name, content);
    }
    void remove(std::string_view name) override {
        forget(name);
        files_.remove(name);
    }
    void sync() override { files_.sync(); }
    std::vector<std::string> list() override { return files_.list(); }

private:
    void forget(std::string_view name) {
        auto it = readers_.find(std::string(name));
        if (it != readers_.end()) {
            ::close(it->second);
            readers_.erase(it);
        }
    }
    squall::file_store files_;
    std::string dir_;
    std::map<std::string, int> readers_;
};

template <class Store>
class squall_engine final : public engine {
public:
    explicit squall_engine(const std::string& dir) : store_{dir} {
        squall::lsm::options o;
        o.sync = squall::lsm::sync_policy::none;
        o.block_cache_bytes = cache_bytes;
        db_ = squall::lsm::db::open(store_, o);
    }
    void put(const std::string& k, const std::string& v) override { db_->put(k, v); }
    void remove(const std::string& k) override { db_->remove(k); }
    bool get(const std::string& k, std::string& v) override {
        auto r = db_->get(k);
        if (r) { v = std::move(*r); }
        return r.has_value();
    }
    int seek_and_read(const std::string& k, int n) override {
        auto it = db_->scan();
        int read = 0;
        for (it->seek(k); it->valid() && read < n; it->next()) { ++read; }
        return read;
    }
    void compact() override { db_->compact_all(); }

private:
    Store store_;
    std::unique_ptr<squall::lsm::db> db_;
};

class leveldb_engine final : public engine {
public:
    explicit leveldb_engine(const std::string& dir)
        : cache_{leveldb::NewLRUCache(cache_bytes)}, filter_{leveldb::NewBloomFilterPolicy(10)} {
        leveldb::Options o;
        o.create_if_missing = true;
        o.block_cache = cache_.get();
        o.filter_policy = filter_.get();
        o.compression = leveldb::kNoCompression;
        o.write_buffer_size = 4 << 20;
        o.max_file_size = 2 << 20;
        leveldb::DB* raw = nullptr;
        if (!leveldb::DB::Open(o, dir, &raw).ok()) { std::abort(); }
        db_.reset(raw);
    }
    ~leveldb_engine() override { db_.reset(); }
    void put(const std::string& k, const std::string& v) override { db_->Put(leveldb::WriteOptions{}, k, v); }
    void remove(const std::string& k) override { db_->Delete(leveldb::WriteOptions{}, k); }
    bool get(const std::string& k, std::string& v) override { return db_->Get(leveldb::ReadOptions{}, k, &v).ok(); }
    int seek_and_read(const std::string& k, int n) override {
        std::unique_ptr<leveldb::Iterator> it{db_->NewIterator(leveldb::ReadOptions{})};
        int read = 0;
        for (it->Seek(k); it->Valid() && read < n; it->Next()) { ++read; }
        return read;
    }
    void compact() override { db_->CompactRange(nullptr, nullptr); }

private:
    std::unique_ptr<leveldb::Cache> cache_;
    std::unique_ptr<const leveldb::FilterPolicy> filter_;
    std::unique_ptr<leveldb::DB> db_;
};

class rocksdb_engine final : public engine {
public:
    explicit rocksdb_engine(const std::string& dir) {
        rocksdb::BlockBasedTableOptions t;
        t.block_cache = rocksdb::NewLRUCache(cache_bytes);
        t.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
        rocksdb::Options o;
        o.create_if_missing = true;
        o.compression = rocksdb::kNoCompression;
        o.write_buffer_size = 4 << 20;
        o.target_file_size_base = 2 << 20;
        o.max_bytes_for_level_base = 10 << 20;
        o.table_factory.reset(rocksdb::NewBlockBasedTableFactory(t));
        rocksdb::DB* raw = nullptr;
        if (!rocksdb::DB::Open(o, dir, &raw).ok()) { std::abort(); }
        db_.reset(raw);
    }
    void put(const std::string& k, const std::string& v) override { db_->Put(rocksdb::WriteOptions{}, k, v); }
    void remove(const std::string& k) override { db_->Delete(rocksdb::WriteOptions{}, k); }
    bool get(const std::string& k, std::string& v) override { return db_->Get(rocksdb::ReadOptions{}, k, &v).ok(); }
    int seek_and_read(const std::string& k, int n) override {
        std::unique_ptr<rocksdb::Iterator> it{db_->NewIterator(rocksdb::ReadOptions{})};
        int read = 0;
        for (it->Seek(k); it->Valid() && read < n; it->Next()) { ++read; }
        return read;
    }
    void compact() override { db_->CompactRange(rocksdb::CompactRangeOptions{}, nullptr, nullptr); }

private:
    std::unique_ptr<rocksdb::DB> db_;
};

std::unique_ptr<engine> make_engine(const std::string& name, const std::string& dir) {
    if (name == "squall") { return std::make_unique<squall_engine<squall::file_store>>(dir); }
    if (name == "squall-kept-fd") { return std::make_unique<squall_engine<kept_descriptor_store>>(dir); }
    if (name == "leveldb") { return std::make_unique<leveldb_engine>(dir); }
    if (name == "rocksdb") { return std::make_unique<rocksdb_engine>(dir); }
    std::fprintf(stderr, "unknown engine %s\n", name.c_str());
    std::exit(2);
}

std::string key(std::uint64_t i) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%016llu", static_cast<unsigned long long>(i));
    return buf;
}

// Bytes this process handed to write(2) and friends so far (/proc/self/io "wchar").
std::uint64_t bytes_written() {
    std::ifstream io{"/proc/self/io"};
    std::string field;
    std::uint64_t value = 0;
    while (io >> field >> value) {
        if (field == "wchar:") { return value; }
    }
    return 0;
}

std::uint64_t directory_bytes(const std::string& dir) {
    std::uint64_t total = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
        if (e.is_regular_file()) { total += e.file_size(); }
    }
    return total;
}

struct bench_run {
    std::string engine_name;
    std::string dir;
    std::uint64_t num = 1000000;
    std::uint64_t reads = 200000;
    std::string values;  // a pool to cut 100-byte values from

    void report(const char* name, std::uint64_t ops, std::chrono::steady_clock::duration elapsed) const {
        const double seconds = std::chrono::duration<double>(elapsed).count();
        std::printf("%s %s %llu %.3f %.0f %.3f\n", engine_name.c_str(), name, static_cast<unsigned long long>(ops),
                    seconds, static_cast<double>(ops) / seconds, seconds * 1e6 / static_cast<double>(ops));
        std::fflush(stdout);
    }
    std::string_view value(squall::rng& r) const {
        return std::string_view{values}.substr(r.below(values.size() - 100), 100);
    }

    template <class F>
    void timed(const char* name, std::uint64_t ops, F&& body) const {
        const auto start = std::chrono::steady_clock::now();
        body();
        report(name, ops, std::chrono::steady_clock::now() - start);
    }

    std::unique_ptr<engine> fresh() const {
        std::filesystem::remove_all(dir);
        std::filesystem::create_directories(dir);
        return make_engine(engine_name, dir);
    }

    void run() {
        squall::rng r{2024};
        for (int i = 0; i < 1 << 20; ++i) { values.push_back(static_cast<char>(' ' + r.below(95))); }
        {
            auto db = fresh();
            timed("fillseq", num, [&] {
                for (std::uint64_t i = 0; i < num; ++i) { db->put(key(i), std::string{value(r)}); }
            });
        }
        auto db = fresh();
        std::vector<bool> live(num, false);
        const std::uint64_t written_before = bytes_written();
        timed("fillrandom", num, [&] {
            for (std::uint64_t i = 0; i < num; ++i) {
                const std::uint64_t k = r.below(num);
                live[k] = true;
                db->put(key(k), std::string{value(r)});
            }
        });
        timed("overwrite", num, [&] {
            for (std::uint64_t i = 0; i < num; ++i) {
                const std::uint64_t k = r.below(num);
                live[k] = true;
                db->put(key(k), std::string{value(r)});
            }
        });
        const std::uint64_t user_bytes = 2 * num * (16 + 100);
        const std::uint64_t disk_bytes = bytes_written() - written_before;
        std::uint64_t live_keys = 0;
        for (const bool l : live) { live_keys += l; }
        std::string v;
        std::uint64_t found = 0;
        timed("readrandom", reads, [&] {
            for (std::uint64_t i = 0; i < reads; ++i) { found += db->get(key(r.below(num)), v); }
        });
        timed("readmissing", reads, [&] {
            for (std::uint64_t i = 0; i < reads; ++i) { found += db->get(key(r.below(num)) + ".", v); }
        });
        timed("seekrandom", reads, [&] {
            for (std::uint64_t i = 0; i < reads; ++i) {
                found += static_cast<std::uint64_t>(db->seek_and_read(key(r.below(num)), 10));
            }
        });
        const double space_amp = static_cast<double>(directory_bytes(dir)) / static_cast<double>(live_keys * 116);
        timed("deleterandom", reads, [&] {
            for (std::uint64_t i = 0; i < reads; ++i) { db->remove(key(r.below(num))); }
        });
        timed("compact", 1, [&] { db->compact(); });
        timed("readrandom-compacted", reads, [&] {
            for (std::uint64_t i = 0; i < reads; ++i) { found += db->get(key(r.below(num)), v); }
        });
        std::printf("%s write_amp %.2f\n", engine_name.c_str(),
                    static_cast<double>(disk_bytes) / static_cast<double>(user_bytes));
        std::printf("%s space_amp %.2f\n", engine_name.c_str(), space_amp);
        std::fprintf(stderr, "%s: %llu found (keeps the reads from being optimised away)\n", engine_name.c_str(),
                     static_cast<unsigned long long>(found));
        db.reset();
        std::filesystem::remove_all(dir);
    }
};

}  // namespace

int main(int argc, char** argv) {
    bench_run run;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        const std::string value = argv[i + 1];
        if (flag == "--engine") {
            run.engine_name = value;
        } else if (flag == "--num") {
            run.num = std::stoull(value);
        } else if (flag == "--reads") {
            run.reads = std::stoull(value);
        } else if (flag == "--dir") {
            run.dir = value;
        } else {
            std::fprintf(stderr, "usage: lsm-bench --engine squall|leveldb|rocksdb --num N --reads R --dir DIR\n");
            return 2;
        }
    }
    if (run.engine_name.empty() || run.dir.empty()) {
        std::fprintf(stderr, "usage: lsm-bench --engine squall|leveldb|rocksdb --num N --reads R --dir DIR\n");
        return 2;
    }
    run.run();
}

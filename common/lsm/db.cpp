#include "common/lsm/db.hpp"

#include <algorithm>
#include <charconv>

#include "common/lsm/errors.hpp"
#include "common/lsm/frame.hpp"

namespace squall::lsm {
namespace {

// The number in "000012.wal" / "000012.sst" / "MANIFEST-12", when `name` is one of ours.
std::optional<std::uint64_t> file_number(std::string_view name, std::string_view prefix, std::string_view suffix) {
    if (name.size() <= prefix.size() + suffix.size() || name.substr(0, prefix.size()) != prefix ||
        name.substr(name.size() - suffix.size()) != suffix) {
        return std::nullopt;
    }
    const std::string_view digits = name.substr(prefix.size(), name.size() - prefix.size() - suffix.size());
    std::uint64_t n = 0;
    const auto parsed = std::from_chars(digits.data(), digits.data() + digits.size(), n);
    if (parsed.ec != std::errc{} || parsed.ptr != digits.data() + digits.size()) { return std::nullopt; }
    return n;
}

}  // namespace

db::db(durable_store& store, const options& opts)
    : store_{store},
      options_{opts},
      cache_{opts.block_cache_bytes},
      manifest_{store},
      mem_{std::make_shared<memtable>()} {}

db::~db() = default;

std::unique_ptr<db> db::open(durable_store& store, const options& opts) {
    std::unique_ptr<db> d{new db(store, opts)};
    d->recover();
    return d;
}

void db::recover() {
    manifest::recovered r = manifest_.recover();
    current_ = std::move(r.current);
    next_file_number_ = std::max<std::uint64_t>(r.next_file_number, r.manifest_number + 1);
    last_sequence_ = r.last_sequence;

    // Replay every log the manifest still needs, oldest first, and stop for good at the first
    // bad record: a later record must not be applied without the ones before it.
    std::vector<std::uint64_t> logs;
    for (const std::string& name : store_.list()) {
        for (const auto& [prefix, suffix] :
             {std::pair{"", ".wal"}, std::pair{"", ".sst"}, std::pair{"MANIFEST-", ""}}) {
            if (const auto n = file_number(name, prefix, suffix)) {
                next_file_number_ = std::max(next_file_number_, *n + 1);
                if (std::string_view{suffix} == ".wal" && *n >= r.log_number) { logs.push_back(*n); }
            }
        }
    }
    std::sort(logs.begin(), logs.end());
    for (const std::uint64_t n : logs) {
        if (!replay_log(n)) { break; }
    }
    // What the logs held goes into a table, so that the new log starts empty and nothing is
    // ever appended behind a torn tail.
    if (!mem_->empty()) {
        frozen_ = std::move(mem_);
        mem_ = std::make_shared<memtable>();
    }
    log_number_ = next_file_number_++;
    log_name_ = wal_file_name(log_number_);
    if (frozen_) {
        auto source = memtable::iterate(frozen_);
        source->seek_to_first();
        const std::uint64_t number = next_file_number_++;
        file_meta f = write_table_from(*source, number);
        store_.sync();
        stats_.flush_bytes += f.size;
        std::optional<version> next = current_.apply(version_edit{{}, {}, {}, {{0, std::move(f)}}, {}});
        current_ = std::move(*next);
        frozen_.reset();
    }
    version_edit snapshot;
    snapshot.log_number = log_number_;
    snapshot.next_file_number = next_file_number_ + 1;
    snapshot.last_sequence = last_sequence_;
    for (int level = 0; level < level_count; ++level) {
        for (const file_ptr& f : current_.levels[static_cast<std::size_t>(level)]) {
            snapshot.added.emplace_back(level, *f);
        }
    }
    manifest_.start(next_file_number_++, snapshot);
    remove_obsolete_files();
    if (options_.auto_compact) {
        while (compact_step()) {}
    }
}

bool db::replay_log(std::uint64_t number) {
    const std::string name = wal_file_name(number);
    const std::optional<std::string> bytes = store_.read(name);
    if (!bytes) { return true; }
    const parsed_frames frames = parse_frames(*bytes);
    for (const std::string_view payload : frames.payloads) {
        const bool ok = write_batch::decode(
            payload, [this](std::uint64_t seq, entry_kind kind, std::string_view key, std::string_view value) {
                mem_->add(seq, kind, key, value);
                last_sequence_ = std::max(last_sequence_, seq);
            });
        if (!ok) {
            // A frame whose checksum passed but whose batch does not decode was written wrong.
            throw corruption_error(name,
                                   static_cast<std::uint64_t>(payload.data() - bytes->data()) - frame_header_bytes,
                                   "log record does not decode");
        }
        ++stats_.recovered_records;
    }
    if (frames.stop == frame_stop::clean) { return true; }
    if (frames.stop == frame_stop::corrupt && options_.paranoid_wal) {
        throw corruption_error(name, frames.valid_bytes, "log record checksum mismatch");
    }
    stats_.dropped_log_bytes += bytes->size() - frames.valid_bytes;
    return false;
}

void db::put(std::string_view key, std::string_view value) {
    write_batch b;
    b.put(key, value);
    write(b);
}

void db::remove(std::string_view key) {
    write_batch b;
    b.remove(key);
    write(b);
}

void db::write(const write_batch& batch) {
    if (batch.empty()) { return; }
    const std::uint64_t first = last_sequence_ + 1;
    std::string framed(frame_header_bytes, '\0');
    batch.encode_to(framed, first);
    seal_frame(framed, 0);
    store_.append(log_name_, framed);
    stats_.wal_bytes += framed.size();
    stats_.user_bytes += batch.user_bytes();
    if (options_.sync == sync_policy::every_write ||
        (options_.sync == sync_policy::group && ++unsynced_writes_ >= options_.group_commit_writes)) {
        sync();
    }
    apply_to_memtable(batch, first);
    last_sequence_ = first + batch.count() - 1;
    make_room_for_write();
}

void db::apply_to_memtable(const write_batch& batch, std::uint64_t first) {
    batch.for_each(first, [this](std::uint64_t seq, entry_kind kind, std::string_view key, std::string_view value) {
        mem_->add(seq, kind, key, value);
    });
}

void db::sync() {
    store_.sync();
    unsynced_writes_ = 0;
    ++stats_.wal_syncs;
}

void db::make_room_for_write() {
    if (mem_->approximate_bytes() < options_.write_buffer_bytes) { return; }
    flush();
    if (options_.auto_compact) {
        while (compact_step()) {}
    }
}

void db::switch_to_new_log() {
    frozen_ = std::move(mem_);
    mem_ = std::make_shared<memtable>();
    log_number_ = next_file_number_++;
    log_name_ = wal_file_name(log_number_);
}

void db::flush() {
    if (mem_->empty()) { return; }
    switch_to_new_log();
    flush_frozen();
}

void db::flush_frozen() {
    auto source = memtable::iterate(frozen_);
    source->seek_to_first();
    file_meta f = write_table_from(*source, next_file_number_++);
    store_.sync();  // the table (and every log write so far) is durable before the manifest names it
    ++stats_.flushes;
    stats_.flush_bytes += f.size;
    version_edit edit;
    edit.log_number = log_number_;  // the logs before the new one are no longer needed
    edit.added.emplace_back(0, std::move(f));
    install(edit);
    frozen_.reset();
    unsynced_writes_ = 0;
    remove_obsolete_files();
}

file_meta db::write_table_from(internal_iterator& it, std::uint64_t number) {
    table_builder builder{store_, table_file_name(number), options_.table};
    for (; it.valid(); it.next()) { builder.add(it.key(), it.value()); }
    file_meta f;
    f.number = number;
    f.size = builder.finish();
    f.smallest = builder.properties().smallest;
    f.largest = builder.properties().largest;
    return f;
}

void db::install(const version_edit& edit_in) {
    version_edit edit = edit_in;
    edit.next_file_number = next_file_number_;
    edit.last_sequence = last_sequence_;
    std::optional<version> next = current_.apply(edit);
    if (!next) { throw std::logic_error("lsm: a version edit does not apply"); }
    if (manifest_.bytes() >= options_.manifest_rewrite_bytes) {
        // A fresh manifest holding the whole new version, instead of one more edit.
        version_edit snapshot;
        snapshot.log_number = edit.log_number ? *edit.log_number : log_number_;
        snapshot.last_sequence = last_sequence_;
        for (int level = 0; level < level_count; ++level) {
            for (const file_ptr& f : next->levels[static_cast<std::size_t>(level)]) {
                snapshot.added.emplace_back(level, *f);
            }
        }
        const std::uint64_t number = next_file_number_++;
        snapshot.next_file_number = next_file_number_;
        manifest_.start(number, snapshot);
    } else {
        manifest_.log(edit);
    }
    current_ = std::move(*next);
    for (const auto& [level, number] : edit.deleted) {
        auto it = tables_.find(number);
        obsolete_.emplace_back(number, it == tables_.end() ? std::weak_ptr<table>{} : std::weak_ptr<table>{it->second});
        if (it != tables_.end()) { tables_.erase(it); }
        cache_.erase_table(number);
    }
}

// Removes what no live state needs: tables not in the version (and not read by an iterator),
// logs older than the current one, manifests other than the current one. Removals are not
// synced: a removed file that comes back after a crash is removed again at the next open.
void db::remove_obsolete_files() {
    std::erase_if(obsolete_, [](const auto& entry) { return entry.second.expired(); });
    std::set<std::uint64_t> live;
    for (const auto& files : current_.levels) {
        for (const file_ptr& f : files) { live.insert(f->number); }
    }
    std::set<std::uint64_t> in_use = live;
    for (const auto& [number, t] : tables_) { in_use.insert(number); }
    for (const std::string& name : store_.list()) {
        if (const auto n = file_number(name, "", ".sst"); n && !in_use.contains(*n)) {
            // A table written by a flush or compaction that never reached the manifest, or one
            // compacted away. Table numbers are never reused, so this is safe.
            bool being_read = false;
            for (const auto& [number, weak] : obsolete_) { being_read |= number == *n && !weak.expired(); }
            if (!being_read) { store_.remove(name); }
        } else if (const auto w = file_number(name, "", ".wal"); w && *w < log_number_) {
            if (!frozen_) { store_.remove(name); }
        } else if (const auto m = file_number(name, "MANIFEST-", ""); m && *m != manifest_.number()) {
            store_.remove(name);
        }
    }
}

std::shared_ptr<table> db::open_table(const file_meta& f) {
    auto it = tables_.find(f.number);
    if (it != tables_.end()) { return it->second; }
    auto t = table::open(store_, table_file_name(f.number), f.number, f.size, &cache_);
    tables_.emplace(f.number, t);
    return t;
}

std::optional<std::string> db::get(std::string_view key, std::optional<std::uint64_t> snapshot) {
    const std::uint64_t seq = snapshot.value_or(last_sequence_);
    lookup_result r = mem_->get(key, seq);
    if (r.state == lookup_state::absent && frozen_) { r = frozen_->get(key, seq); }
    if (r.state == lookup_state::absent) {
        const auto& l0 = current_.levels[0];
        for (auto it = l0.rbegin(); it != l0.rend() && r.state == lookup_state::absent; ++it) {
            const file_meta& f = **it;
            if (key < user_key_of(f.smallest) || key > user_key_of(f.largest)) { continue; }
            r = open_table(f)->get(key, seq);
        }
    }
    for (std::size_t level = 1; level < current_.levels.size() && r.state == lookup_state::absent; ++level) {
        const auto& files = current_.levels[level];
        auto it = std::lower_bound(files.begin(), files.end(), key,
                                   [](const file_ptr& f, std::string_view k) { return user_key_of(f->largest) < k; });
        if (it == files.end() || key < user_key_of((*it)->smallest)) { continue; }
        r = open_table(**it)->get(key, seq);
    }
    if (r.state == lookup_state::found) { return std::move(r.value); }
    return std::nullopt;
}

std::uint64_t db::take_snapshot() {
    snapshots_.insert(last_sequence_);
    return last_sequence_;
}

void db::release_snapshot(std::uint64_t sequence) {
    auto it = snapshots_.find(sequence);
    if (it != snapshots_.end()) { snapshots_.erase(it); }
}

std::size_t db::files_at_level(int level) const { return current_.levels[static_cast<std::size_t>(level)].size(); }
std::uint64_t db::bytes_at_level(int level) const { return current_.level_bytes(level); }

std::uint64_t db::bloom_skips() const {
    std::uint64_t n = 0;
    for (const auto& [number, t] : tables_) { n += t->filter_skips(); }
    return n;
}

std::string db::describe() const {
    std::string out;
    for (int level = 0; level < level_count; ++level) {
        if (files_at_level(level) == 0) { continue; }
        out += "L" + std::to_string(level) + ": " + std::to_string(files_at_level(level)) + " tables, " +
               std::to_string(bytes_at_level(level)) + " bytes\n";
    }
    return out;
}

std::vector<std::string> db::check_consistency() {
    std::vector<std::string> problems = current_.check();
    std::set<std::string> expected{"CURRENT", manifest_file_name(manifest_.number()), wal_file_name(log_number_)};
    for (const auto& files : current_.levels) {
        for (const file_ptr& f : files) {
            const std::string name = table_file_name(f->number);
            expected.insert(name);
            const std::optional<std::uint64_t> size = store_.size(name);
            if (!size) {
                problems.push_back(name + " is live but missing");
                continue;
            }
            if (*size != f->size) {
                problems.push_back(name + " has the wrong size");
                continue;
            }
            try {
                const auto& props = open_table(*f)->properties();
                if (props.smallest != f->smallest || props.largest != f->largest) {
                    problems.push_back(name + ": key range differs from the manifest's");
                }
            } catch (const corruption_error& e) { problems.push_back(e.what()); }
        }
    }
    for (const std::string& name : store_.list()) {
        const bool ours =
            file_number(name, "", ".sst") || file_number(name, "", ".wal") || file_number(name, "MANIFEST-", "");
        bool pending = false;
        for (const auto& [number, weak] : obsolete_) { pending |= name == table_file_name(number); }
        if (ours && !expected.contains(name) && !pending) { problems.push_back("stray file " + name); }
    }
    if (!store_.read("CURRENT")) { problems.push_back("CURRENT is missing"); }
    return problems;
}

}  // namespace squall::lsm

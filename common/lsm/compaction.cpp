// Leveled compaction: pick the level most over its limit, merge the chosen tables with the
// tables they overlap one level down, drop what no reader can see, and swap the inputs for the
// outputs in one manifest edit.
#include <algorithm>
#include <cmath>

#include "common/lsm/db.hpp"
#include "common/lsm/errors.hpp"

namespace squall::lsm {

struct db::compaction_job {
    int level = 0;  // inputs come from level and level + 1
    std::vector<file_ptr> inputs[2];
};

namespace {

std::pair<std::string, std::string> user_range(const std::vector<file_ptr>& files) {
    std::string smallest{user_key_of(files.front()->smallest)};
    std::string largest{user_key_of(files.front()->largest)};
    for (const file_ptr& f : files) {
        smallest = std::min(smallest, std::string{user_key_of(f->smallest)});
        largest = std::max(largest, std::string{user_key_of(f->largest)});
    }
    return {smallest, largest};
}

}  // namespace

std::optional<db::compaction_job> db::pick_compaction() {
    double best_score = static_cast<double>(current_.levels[0].size()) / options_.level0_compaction_trigger;
    int best_level = 0;
    double limit = static_cast<double>(options_.level1_max_bytes);
    for (int level = 1; level < level_count - 1; ++level) {
        const double score = static_cast<double>(current_.level_bytes(level)) / limit;
        if (score > best_score) {
            best_score = score;
            best_level = level;
        }
        limit *= options_.level_size_multiplier;
    }
    if (best_score < 1.0) { return std::nullopt; }
    compaction_job job;
    job.level = best_level;
    const auto& files = current_.levels[static_cast<std::size_t>(best_level)];
    if (best_level == 0) {
        job.inputs[0] = files;  // level-0 tables overlap each other: take them all
    } else {
        // Round robin through the level, so that every key range gets its turn.
        std::string& pointer = compact_pointer_[static_cast<std::size_t>(best_level)];
        auto it = std::find_if(files.begin(), files.end(), [&pointer](const file_ptr& f) {
            return pointer.empty() || compare_internal(f->largest, pointer) > 0;
        });
        if (it == files.end()) { it = files.begin(); }
        job.inputs[0] = {*it};
        pointer = (*it)->largest;
    }
    const auto [smallest, largest] = user_range(job.inputs[0]);
    job.inputs[1] = current_.overlapping(best_level + 1, smallest, largest);
    return job;
}

bool db::compact_step() {
    std::optional<compaction_job> job = pick_compaction();
    if (!job) { return false; }
    run_compaction(*job);
    return true;
}

void db::compact_all() {
    flush();
    int bottom = 1;
    for (int level = 0; level < level_count; ++level) {
        if (!current_.levels[static_cast<std::size_t>(level)].empty()) { bottom = std::max(bottom, level); }
    }
    for (int level = 0; level < bottom; ++level) {
        if (current_.levels[static_cast<std::size_t>(level)].empty()) { continue; }
        compaction_job job;
        job.level = level;
        job.inputs[0] = current_.levels[static_cast<std::size_t>(level)];
        const auto [smallest, largest] = user_range(job.inputs[0]);
        job.inputs[1] = current_.overlapping(level + 1, smallest, largest);
        run_compaction(job);
    }
}

// True when no level below `output_level` may hold `user_key`: a tombstone there has nothing
// left to hide and can go.
bool db::is_base_level_for(std::string_view user_key, int output_level) const {
    for (int level = output_level + 1; level < level_count; ++level) {
        for (const file_ptr& f : current_.levels[static_cast<std::size_t>(level)]) {
            if (user_key >= user_key_of(f->smallest) && user_key <= user_key_of(f->largest)) { return false; }
        }
    }
    return true;
}

void db::run_compaction(const compaction_job& job) {
    const int output_level = job.level + 1;
    version_edit edit;
    for (int which = 0; which < 2; ++which) {
        for (const file_ptr& f : job.inputs[which]) { edit.deleted.emplace_back(job.level + which, f->number); }
    }
    if (job.level > 0 && job.inputs[0].size() == 1 && job.inputs[1].empty()) {
        // Nothing to merge with: move the table down without rewriting it.
        edit.added.emplace_back(output_level, *job.inputs[0].front());
        ++stats_.trivial_moves;
        install(edit);
        return;
    }
    std::vector<std::unique_ptr<internal_iterator>> children;
    for (const file_ptr& f : job.inputs[0]) {
        children.push_back(job.level == 0 ? open_table(*f)->iterate(false) : level_iterator({f}, false));
        stats_.compaction_read_bytes += f->size;
    }
    for (const file_ptr& f : job.inputs[1]) { stats_.compaction_read_bytes += f->size; }
    if (!job.inputs[1].empty()) { children.push_back(level_iterator(job.inputs[1], false)); }
    auto merged = make_merging_iterator(std::move(children));

    const std::uint64_t smallest_snapshot = snapshots_.empty() ? last_sequence_ : *snapshots_.begin();
    std::optional<table_builder> builder;
    std::uint64_t builder_number = 0;
    std::string current_user_key;
    bool has_current = false;
    std::uint64_t last_sequence_for_key = 0;
    auto finish_output = [&] {
        if (!builder) { return; }
        file_meta f;
        f.number = builder_number;
        f.size = builder->finish();
        f.smallest = builder->properties().smallest;
        f.largest = builder->properties().largest;
        stats_.compaction_write_bytes += f.size;
        edit.added.emplace_back(output_level, std::move(f));
        builder.reset();
    };
    for (merged->seek_to_first(); merged->valid(); merged->next()) {
        parsed_key p;
        if (!parse_internal_key(merged->key(), p)) {
            throw corruption_error("(compaction input)", 0, "bad internal key");
        }
        const bool first_of_key = !has_current || p.user_key != current_user_key;
        if (first_of_key) {
            current_user_key.assign(p.user_key);
            has_current = true;
            last_sequence_for_key = max_sequence + 1;  // no newer version seen yet
        }
        bool drop = false;
        if (last_sequence_for_key <= smallest_snapshot) {
            drop = true;  // a newer version of this key is visible to every reader
            ++stats_.dropped_versions;
        } else if (p.kind == entry_kind::deletion && p.sequence <= smallest_snapshot &&
                   is_base_level_for(p.user_key, output_level)) {
            drop = true;  // every reader sees the deletion, and nothing older remains below
            ++stats_.dropped_tombstones;
        }
        last_sequence_for_key = p.sequence;
        if (drop) { continue; }
        // Split outputs only between user keys: a key's versions stay in one table per level.
        if (builder && first_of_key && builder->bytes_so_far() >= options_.target_file_bytes) { finish_output(); }
        if (!builder) {
            builder_number = next_file_number_++;
            builder.emplace(store_, table_file_name(builder_number), options_.table);
        }
        builder->add(merged->key(), merged->value());
    }
    finish_output();
    merged.reset();
    store_.sync();  // the outputs are durable before the manifest names them
    ++stats_.compactions;
    install(edit);
    remove_obsolete_files();
}

}  // namespace squall::lsm

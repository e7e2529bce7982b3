#include "common/lsm/manifest.hpp"

#include <charconv>

#include "common/lsm/errors.hpp"
#include "common/lsm/frame.hpp"

namespace squall::lsm {

manifest::recovered manifest::recover() {
    recovered out;
    const std::optional<std::string> current = store_.read("CURRENT");
    if (!current) { return out; }
    out.existed = true;
    const std::string_view prefix = "MANIFEST-";
    if (current->size() < prefix.size() + 2 || current->compare(0, prefix.size(), prefix) != 0 ||
        current->back() != '\n') {
        throw corruption_error("CURRENT", 0, "does not name a manifest");
    }
    const char* digits = current->data() + prefix.size();
    const char* end = current->data() + current->size() - 1;
    if (std::from_chars(digits, end, out.manifest_number).ptr != end) {
        throw corruption_error("CURRENT", prefix.size(), "bad manifest number");
    }
    const std::string name = manifest_file_name(out.manifest_number);
    const std::optional<std::string> bytes = store_.read(name);
    if (!bytes) { throw corruption_error(name, 0, "the manifest CURRENT names is missing"); }
    const parsed_frames frames = parse_frames(*bytes);
    if (frames.stop == frame_stop::corrupt) {
        throw corruption_error(name, frames.valid_bytes, "edit checksum mismatch");
    }
    if (frames.payloads.empty()) { throw corruption_error(name, 0, "no snapshot edit"); }
    for (const std::string_view payload : frames.payloads) {
        const auto at = static_cast<std::uint64_t>(payload.data() - bytes->data()) - frame_header_bytes;
        version_edit edit;
        if (!version_edit::decode(payload, edit)) { throw corruption_error(name, at, "edit does not decode"); }
        std::optional<version> next = out.current.apply(edit);
        if (!next) { throw corruption_error(name, at, "edit does not apply to the tables before it"); }
        out.current = std::move(*next);
        if (edit.log_number) { out.log_number = *edit.log_number; }
        if (edit.next_file_number) { out.next_file_number = *edit.next_file_number; }
        if (edit.last_sequence) { out.last_sequence = *edit.last_sequence; }
    }
    number_ = out.manifest_number;
    bytes_ = frames.valid_bytes;
    return out;
}

void manifest::start(std::uint64_t number, const version_edit& snapshot) {
    std::string framed;
    append_frame(framed, snapshot.encode());
    const std::string name = manifest_file_name(number);
    store_.replace(name, framed);
    store_.sync();  // the new manifest is whole before CURRENT names it
    store_.replace("CURRENT", name + "\n");
    store_.sync();
    if (number_ != 0 && number_ != number) { store_.remove(manifest_file_name(number_)); }
    number_ = number;
    bytes_ = framed.size();
}

void manifest::log(const version_edit& edit) {
    std::string framed;
    append_frame(framed, edit.encode());
    store_.append(manifest_file_name(number_), framed);
    store_.sync();
    bytes_ += framed.size();
}

}  // namespace squall::lsm

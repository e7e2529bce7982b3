#pragma once
// The one error the engine reports about its files: a checksum that does not match, a length
// that runs past the end, a field that does not decode. It names the file and the byte offset
// where the bad data starts, so an operator can look at it; the engine never reads on past it.
#include <cstdint>
#include <stdexcept>
#include <string>

namespace squall::lsm {

class corruption_error : public std::runtime_error {
public:
    corruption_error(std::string file, std::uint64_t offset, const std::string& what)
        : std::runtime_error("corruption in " + file + " at offset " + std::to_string(offset) + ": " + what),
          file_{std::move(file)},
          offset_{offset} {}

    const std::string& file() const { return file_; }
    std::uint64_t offset() const { return offset_; }

private:
    std::string file_;
    std::uint64_t offset_;
};

}  // namespace squall::lsm

#pragma once
// Reads typed values off the front of a fuzz input, for targets whose input is a sequence of
// operations rather than text. Past the end every read returns zero, so each input decodes to
// some sequence. (clang's FuzzedDataProvider does the same, but gcc has no such header.)
#include <cstddef>
#include <cstdint>
#include <string>

namespace squall::fuzz {

class byte_reader {
public:
    byte_reader(const std::uint8_t* data, std::size_t size) : data_{data}, size_{size} {}

    bool empty() const { return pos_ >= size_; }
    std::uint8_t byte() { return empty() ? 0 : data_[pos_++]; }
    bool flag() { return (byte() & 1) != 0; }
    // A value in [0, bound), bound in 1..256.
    std::size_t below(std::size_t bound) { return byte() % bound; }
    // Mostly small numbers, which is where the interesting cases of terms and indexes are,
    // and now and then the extremes.
    std::uint64_t count() {
        const std::uint8_t b = byte();
        if (b == 0xff) { return UINT64_MAX; }
        if (b == 0xfe) { return UINT64_MAX - byte(); }
        return b % 32;
    }
    std::string text(std::size_t max_length) {
        std::string s;
        for (std::size_t n = below(max_length + 1); n > 0 && !empty(); --n) { s.push_back(static_cast<char>(byte())); }
        return s;
    }

private:
    const std::uint8_t* data_;
    std::size_t size_;
    std::size_t pos_ = 0;
};

}  // namespace squall::fuzz

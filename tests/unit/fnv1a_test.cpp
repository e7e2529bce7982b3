#include <catch2/catch.hpp>

#include "common/core/fnv1a.hpp"

// Vectors from the FNV reference test suite (Noll's fnv test vectors).
TEST_CASE("fnv1a: 64-bit matches the reference vectors", "[core]") {
    CHECK(squall::fnv1a_64("") == 0xcbf29ce484222325ull);
    CHECK(squall::fnv1a_64("a") == 0xaf63dc4c8601ec8cull);
    CHECK(squall::fnv1a_64("foobar") == 0x85944171f73967e8ull);
}

TEST_CASE("fnv1a: 32-bit matches the reference vectors", "[core]") {
    CHECK(squall::fnv1a_32("") == 0x811c9dc5u);
    CHECK(squall::fnv1a_32("a") == 0xe40c292cu);
    CHECK(squall::fnv1a_32("foobar") == 0xbf9cf968u);
}

TEST_CASE("fnv1a: fed piece by piece equals fed at once, integers least significant byte first", "[core]") {
    squall::fnv1a_64_hasher pieces;
    pieces.add("foo").add_byte('b').add("ar");
    CHECK(pieces.value() == squall::fnv1a_64("foobar"));
    squall::fnv1a_64_hasher number;
    number.add_u64(0x0807060504030201ull);
    CHECK(number.value() == squall::fnv1a_64(std::string_view("\x01\x02\x03\x04\x05\x06\x07\x08", 8)));
}

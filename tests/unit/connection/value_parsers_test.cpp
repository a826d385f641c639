#include "client/connection/value_parsers.hpp"

#include <gtest/gtest.h>

#include <string>

namespace mailsim::client {
namespace {

using std::chrono::milliseconds;

TEST(PortParser, AcceptsTheWholeRange) {
  EXPECT_EQ(parse_port("1").value, 1);
  EXPECT_EQ(parse_port("587").value, 587);
  EXPECT_EQ(parse_port("65535").value, 65535);
}

TEST(PortParser, OutOfRangeShowsTheNumber) {
  EXPECT_EQ(parse_port("70000").error, "70000 is out of range 1-65535");
  EXPECT_EQ(parse_port("0").error, "0 is out of range 1-65535");
  EXPECT_EQ(parse_port("-5").error, "-5 is out of range 1-65535");
  EXPECT_FALSE(parse_port("65536").value);
}

TEST(PortParser, HugeNumbersNeitherOverflowNorFloodTheMessage) {
  const std::string huge(500, '9');
  auto p = parse_port(huge);
  EXPECT_FALSE(p.value);
  EXPECT_LT(p.error.size(), 100u);
  EXPECT_NE(p.error.find("out of range"), std::string::npos);
  // 2^64 + 587 must not wrap round to a valid port.
  EXPECT_FALSE(parse_port("18446744073709552203").value);
}

TEST(PortParser, NonNumbersAreNamed) {
  EXPECT_EQ(parse_port("smtp").error, "'smtp' is not a port number (1-65535)");
  EXPECT_FALSE(parse_port("").value);
  EXPECT_FALSE(parse_port("58 7").value);
  EXPECT_FALSE(parse_port("587.0").value);
  EXPECT_FALSE(parse_port("+587").value);
}

TEST(BoolParser, ReadsYamlStyleBooleans) {
  for (const char* t : {"true", "True", "TRUE", "yes", "on"}) EXPECT_EQ(parse_bool(t).value, true) << t;
  for (const char* f : {"false", "False", "no", "OFF"}) EXPECT_EQ(parse_bool(f).value, false) << f;
  EXPECT_EQ(parse_bool("maybe").error, "'maybe' is not a boolean (true or false)");
  EXPECT_FALSE(parse_bool("1").value);
}

TEST(DurationParser, ReadsEachUnitAndBareSeconds) {
  EXPECT_EQ(parse_duration("500ms").value, milliseconds(500));
  EXPECT_EQ(parse_duration("10s").value, milliseconds(10'000));
  EXPECT_EQ(parse_duration("2m").value, milliseconds(120'000));
  EXPECT_EQ(parse_duration("1h").value, milliseconds(3'600'000));
  EXPECT_EQ(parse_duration("45").value, milliseconds(45'000));
}

TEST(DurationParser, RefusesZeroJunkAndHugeValues) {
  EXPECT_EQ(parse_duration("0s").error, "must be longer than zero");
  EXPECT_EQ(parse_duration("10 s").error, "'10 s' is not a duration (e.g. 10s, 500ms, 2m, or a number of seconds)");
  EXPECT_FALSE(parse_duration("s").value);
  EXPECT_FALSE(parse_duration("ms").value);
  EXPECT_FALSE(parse_duration("1.5s").value);
  EXPECT_FALSE(parse_duration("-1s").value);
  EXPECT_FALSE(parse_duration("10d").value);
  EXPECT_EQ(parse_duration("25h").error, "'25h' is longer than 24h");
  EXPECT_FALSE(parse_duration(std::string(400, '9') + "ms").value);
  EXPECT_EQ(parse_duration("24h").value, milliseconds(86'400'000));
}

TEST(DurationFormat, ReadsBackToTheSameValue) {
  EXPECT_EQ(format_duration(milliseconds(10'000)), "10s");
  EXPECT_EQ(format_duration(milliseconds(120'000)), "2m");
  EXPECT_EQ(format_duration(milliseconds(1'500)), "1500ms");
  EXPECT_EQ(format_duration(milliseconds(7'200'000)), "2h");
  for (long ms : {1L, 999L, 1'000L, 61'000L, 3'600'000L, 5'400'000L}) {
    EXPECT_EQ(parse_duration(format_duration(milliseconds(ms))).value, milliseconds(ms)) << ms;
  }
}

TEST(TlsVersionParser, NormalisesKnownVersions) {
  EXPECT_EQ(parse_tls_min_version("1.2").value, "1.2");
  EXPECT_EQ(parse_tls_min_version("1.0").value, "1.0");
  EXPECT_EQ(parse_tls_min_version("TLSv1.3").value, "1.3");
  EXPECT_EQ(parse_tls_min_version("1.4").error, "'1.4' is not one of 1.0, 1.1, 1.2, 1.3");
  EXPECT_FALSE(parse_tls_min_version("1").value);
  EXPECT_FALSE(parse_tls_min_version("TLSv").value);
  EXPECT_FALSE(parse_tls_min_version("SSLv3").value);
}

TEST(QuoteText, CutsLongValues) {
  EXPECT_EQ(quote_text("tls"), "'tls'");
  const std::string shown = quote_text(std::string(1000, 'x'));
  EXPECT_LT(shown.size(), 70u);
  EXPECT_TRUE(shown.ends_with("...'"));
}

}  // namespace
}  // namespace mailsim::client

#include "client/connection/did_you_mean.hpp"

#include <gtest/gtest.h>

#include <string>

namespace mailsim::client {
namespace {

constexpr std::string_view kKeys[] = {"host",     "port", "use_authentication", "authentication",
                                      "security", "user", "password",           "oauth2"};

TEST(EditDistance, CountsInsertionsDeletionsSubstitutionsAndSwaps) {
  EXPECT_EQ(edit_distance("security", "security"), 0u);
  EXPECT_EQ(edit_distance("securty", "security"), 1u);
  EXPECT_EQ(edit_distance("prot", "port"), 1u);  // one swap, not two substitutions
  EXPECT_EQ(edit_distance("hots", "host"), 1u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("PORT", "port"), 0u);
}

TEST(ClosestMatch, SuggestsTheNearestKnownKey) {
  EXPECT_EQ(closest_match("securty", kKeys), "security");
  EXPECT_EQ(closest_match("prot", kKeys), "port");
  EXPECT_EQ(closest_match("Host", kKeys), "host");
  EXPECT_EQ(closest_match("pasword", kKeys), "password");
  EXPECT_EQ(closest_match("authentification", kKeys), "authentication");
  EXPECT_EQ(closest_match("oauth", kKeys), "oauth2");
}

TEST(ClosestMatch, StaysQuietWhenNothingIsClose) {
  EXPECT_FALSE(closest_match("colour", kKeys));
  EXPECT_FALSE(closest_match("tls", kKeys));
  EXPECT_FALSE(closest_match("", kKeys));
  EXPECT_FALSE(closest_match(std::string(10'000, 'a'), kKeys));
  // A short key allows one edit only: "xy" is not "port".
  EXPECT_FALSE(closest_match("pxyt", kKeys));
}

}  // namespace
}  // namespace mailsim::client

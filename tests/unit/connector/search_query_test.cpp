#include "client/connector/search_query.hpp"

#include <gtest/gtest.h>

namespace {

using namespace mailsim::client;

std::string keys(const SearchQuery& q) {
  auto criteria = to_search_criteria(q);
  if (auto* error = std::get_if<std::string>(&criteria)) return "error: " + *error;
  return std::get<imap::SearchCriteria>(criteria).to_string();
}

TEST(SearchQuery, EmptyMatchesAll) { EXPECT_EQ(keys({}), "ALL"); }

TEST(SearchQuery, CriteriaAreAnded) {
  SearchQuery q;
  q.unseen = true;
  q.from = "boss@example.com";
  q.since = "2026-01-01";
  q.larger = 1000;
  EXPECT_EQ(keys(q), "UNSEEN FROM \"boss@example.com\" SINCE 1-Jan-2026 LARGER 1000");
}

TEST(SearchQuery, EveryKey) {
  SearchQuery q;
  q.seen = true;
  q.flagged = true;
  q.to = "bob";
  q.subject = "report";
  q.text = "invoice";
  q.before = "2026-12-31";
  q.smaller = 5000;
  EXPECT_EQ(keys(q), "SEEN FLAGGED TO \"bob\" SUBJECT \"report\" TEXT \"invoice\" BEFORE 31-Dec-2026 SMALLER 5000");
}

TEST(SearchQuery, BadDatesAreNamed) {
  SearchQuery q;
  q.since = "01/02/2026";
  EXPECT_EQ(keys(q), "error: '01/02/2026' is not a date in the form YYYY-MM-DD");
  q.since = "2026-02-30";
  EXPECT_NE(keys(q).find("error:"), std::string::npos);
}

TEST(SearchQuery, ContradictionsAreRefused) {
  SearchQuery q;
  q.seen = q.unseen = true;
  EXPECT_NE(keys(q).find("error:"), std::string::npos);
  SearchQuery sizes;
  sizes.larger = 100;
  sizes.smaller = 101;  // nothing is > 100 and < 101
  EXPECT_NE(keys(sizes).find("error:"), std::string::npos);
  sizes.smaller = 102;
  EXPECT_EQ(keys(sizes), "LARGER 100 SMALLER 102");
}

TEST(ParseIsoDate, AcceptsRealDatesOnly) {
  const auto d = parse_iso_date("2024-02-29");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->year, 2024);
  EXPECT_EQ(d->month, 2u);
  EXPECT_EQ(d->day, 29u);
  EXPECT_FALSE(parse_iso_date("2023-02-29"));
  EXPECT_FALSE(parse_iso_date("2026-13-01"));
  EXPECT_FALSE(parse_iso_date("2026-1-01"));
  EXPECT_FALSE(parse_iso_date("2026-01-01x"));
  EXPECT_FALSE(parse_iso_date("+026-01-01"));
  EXPECT_FALSE(parse_iso_date(""));
}

}  // namespace

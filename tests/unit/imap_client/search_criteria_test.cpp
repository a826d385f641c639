// The typed SEARCH builder: keys, AND / OR / NOT grouping, dates, quoting,
// the CHARSET decision, and invalid input.
#include <gtest/gtest.h>

#include "client/imap/imap_search.hpp"

namespace mailsim::client::imap {
namespace {

using S = SearchCriteria;

std::string wire(const SearchCriteria& c, bool literal_plus = true) {
  CommandBuilder b("T", literal_plus);
  b.atom("UID SEARCH");
  c.write(b);
  std::string out;
  for (const auto& s : b.finish().segments) out += s;
  return out;
}

TEST(ImapSearchCriteria, EmptyMatchesAll) {
  EXPECT_EQ(S().to_string(), "ALL");
  EXPECT_EQ(wire(S()), "T UID SEARCH ALL\r\n");
}

TEST(ImapSearchCriteria, KeysAreAndedInOrder) {
  const auto c = S::unseen() && S::from("bob@example.com") && S::since({2026, 1, 1}) && S::larger(1000);
  EXPECT_EQ(c.to_string(), "UNSEEN FROM \"bob@example.com\" SINCE 1-Jan-2026 LARGER 1000");
}

TEST(ImapSearchCriteria, OrAndNotGroupMultiKeyOperands) {
  const auto c = (S::seen() && S::flagged()) || S::subject("x");
  EXPECT_EQ(c.to_string(), "OR (SEEN FLAGGED) SUBJECT \"x\"");
  EXPECT_EQ(wire(c), "T UID SEARCH OR (SEEN FLAGGED) SUBJECT \"x\"\r\n");
  EXPECT_EQ((!S::deleted()).to_string(), "NOT DELETED");
  EXPECT_EQ((!(S::deleted() && S::draft())).to_string(), "NOT (DELETED DRAFT)");
  EXPECT_EQ((S() || S::recent()).to_string(), "OR ALL RECENT");
  const auto nested = S::answered() && (S::to("a") || (S::cc("b") || S::bcc("c")));
  EXPECT_EQ(nested.to_string(), "ANSWERED OR TO \"a\" OR CC \"b\" BCC \"c\"");
}

TEST(ImapSearchCriteria, EveryKeyHasItsRfc3501Name) {
  EXPECT_EQ((S::all() && S::unanswered() && S::undeleted() && S::undraft() && S::unflagged() && S::fresh() && S::old())
                .to_string(),
            "ALL UNANSWERED UNDELETED UNDRAFT UNFLAGGED NEW OLD");
  EXPECT_EQ((S::keyword("$Work") && S::unkeyword("Junk")).to_string(), "KEYWORD $Work UNKEYWORD Junk");
  EXPECT_EQ((S::body("b") && S::text("t") && S::header("X-Spam", "yes")).to_string(),
            "BODY \"b\" TEXT \"t\" HEADER \"X-Spam\" \"yes\"");
  EXPECT_EQ((S::before({2024, 2, 29}) && S::on({1999, 12, 31}) && S::sent_since({2026, 3, 9}) &&
             S::sent_before({2026, 3, 10}) && S::sent_on({2026, 3, 11}) && S::smaller(5))
                .to_string(),
            "BEFORE 29-Feb-2024 ON 31-Dec-1999 SENTSINCE 9-Mar-2026 SENTBEFORE 10-Mar-2026 SENTON 11-Mar-2026 SMALLER 5");
  EXPECT_EQ(S::uids({7, 1, 2, 3}).to_string(), "UID 1:3,7");
  EXPECT_EQ(S::uid_set("4000:*").to_string(), "UID 4000:*");
}

TEST(ImapSearchCriteria, StringsAreQuotedOrSentAsLiterals) {
  EXPECT_EQ(S::from("a \"b\" \\c").to_string(), "FROM \"a \\\"b\\\" \\\\c\"");
  const auto utf8 = S::subject("caf\xc3\xa9");
  EXPECT_TRUE(utf8.needs_utf8());
  EXPECT_FALSE(S::subject("cafe").needs_utf8());
  EXPECT_EQ(wire(utf8), "T UID SEARCH SUBJECT {5+}\r\ncaf\xc3\xa9\r\n");
}

TEST(ImapSearchCriteria, InvalidInputIsRefused) {
  EXPECT_THROW(S::since({2026, 2, 29}), std::invalid_argument);
  EXPECT_THROW(S::since({2026, 13, 1}), std::invalid_argument);
  EXPECT_THROW(S::since({2026, 4, 31}), std::invalid_argument);
  EXPECT_THROW(S::keyword("two words"), std::invalid_argument);
  EXPECT_THROW(S::keyword("a]"), std::invalid_argument);
  EXPECT_THROW(S::uid_set("1 OR ALL"), std::invalid_argument);
  EXPECT_THROW(S::uids({}), std::invalid_argument);
}

}  // namespace
}  // namespace mailsim::client::imap

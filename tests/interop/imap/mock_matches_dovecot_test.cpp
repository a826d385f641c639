// For the same seeded messages, our mock's FETCH answers equal a real
// Dovecot's: ENVELOPE and BODYSTRUCTURE parsed by our client and compared
// as structures, RFC822.SIZE, and the bytes of BODY[], BODY[1], HEADER,
// TEXT and of every leaf part with its MIME header.
#include <map>

#include "interop_messages.hpp"
#include "support/dovecot_server.hpp"

namespace mailsim::imap_interop {
namespace {

using client::imap::FetchData;
using client::imap::FetchRequest;
using client::imap::ImapClient;
using client::imap::SearchCriteria;

// What one server answered for every seeded message.
struct Answers {
  std::string error;                            // set when collecting failed
  std::map<std::uint32_t, FetchData> fetches;   // by UID
  std::map<std::uint32_t, std::string> lines;   // the FETCH line as received, for messages
  std::map<std::uint32_t, std::map<std::string, std::string>> parts;  // UID -> section -> bytes
  std::map<std::string, std::vector<std::uint32_t>> searches;         // criteria text -> UIDs
};

std::vector<SearchCriteria> search_criteria() {
  return {
      SearchCriteria::subject("Newsletter"),
      SearchCriteria::subject("folded subject"),
      SearchCriteria::from("Carol"),
      SearchCriteria::to("bob@example.com"),
      SearchCriteria::cc("grace@example.com"),
      SearchCriteria::bcc("ivan"),
      SearchCriteria::header("Content-Type", "multipart/mixed"),
      SearchCriteria::header("X-Mailer", ""),
      SearchCriteria::body("See the files"),
      SearchCriteria::text("original.eml"),
      SearchCriteria::larger(900),
      SearchCriteria::smaller(300),
      SearchCriteria::from("example.net") || SearchCriteria::subject("Group"),
      !SearchCriteria::from("example"),
  };
}

Answers collect(std::uint16_t port) {
  Answers answers;
  ImapClient client(client_options(port, client::Security::none, ""));
  if (auto failure = client.open()) return {.error = why(failure)};
  const auto examined = client.examine("INBOX");
  if (!examined.ok()) return {.error = why(examined)};

  std::vector<std::uint32_t> uids;
  for (std::size_t i = 1; i <= seed_messages().size(); ++i) uids.push_back(static_cast<std::uint32_t>(i));
  FetchRequest request;
  request.envelope = true;
  request.body_structure = true;
  request.size = true;
  for (const char* section : {"", "1", "HEADER", "TEXT"}) request.sections.push_back({section});
  const auto fetched = client.fetch(uids, request);
  if (!fetched.ok()) return {.error = why(fetched)};
  for (const auto& data : fetched.value()) answers.fetches[*data.uid] = data;
  for (const auto& line : client.transcript())
    for (const auto uid : uids)
      if (line.find("FETCH (UID " + std::to_string(uid) + " ") != std::string::npos) answers.lines[uid] += line + "\n";

  // Every leaf part, as a client reading attachments would fetch it.
  for (const auto& [uid, data] : answers.fetches) {
    if (!data.body_structure) continue;
    FetchRequest parts;
    parts.flags = false;
    for (const auto& leaf : client::imap::leaf_parts(*data.body_structure)) {
      parts.sections.push_back({leaf.section});
      if (data.body_structure->is_multipart()) parts.sections.push_back({leaf.section + ".MIME"});
    }
    const auto got = client.fetch({uid}, parts);
    if (!got.ok()) return {.error = why(got)};
    for (const auto& message : got.value())
      for (const auto& section : message.sections) answers.parts[uid][section.section] = section.data.value_or("NIL");
  }

  for (const auto& criteria : search_criteria()) {
    const auto found = client.search(criteria);
    if (!found.ok()) return {.error = criteria.to_string() + ": " + why(found)};
    answers.searches[criteria.to_string()] = found.value();
  }
  client.logout();
  return answers;
}

// Both servers' answers, collected once for all the tests below.
struct BothAnswers {
  std::string error;
  Answers dovecot, mock;
};

BothAnswers collect_both() {
  BothAnswers both;
  if (!test::DovecotServer::available()) return {.error = "Dovecot (dovecot-imapd) is missing: run ci/bootstrap"};
  test::DovecotOptions options;
  options.users = {{kUser, kPassword}};
  for (const auto& message : seed_messages()) options.inbox[kUser].push_back(message.raw);
  try {
    test::DovecotServer dovecot(options);
    both.dovecot = collect(dovecot.port());
    if (!both.dovecot.error.empty()) return {.error = "Dovecot: " + both.dovecot.error + "\n" + dovecot.log()};
  } catch (const std::exception& e) {
    return {.error = e.what()};
  }
  mock::ImapServer server(mock_config(mock::Security::none));
  server.start();
  both.mock = collect(server.port());
  if (!both.mock.error.empty()) return {.error = "mock: " + both.mock.error};
  return both;
}

const BothAnswers& both() {
  static const BothAnswers answers = collect_both();
  return answers;
}

class MockMatchesDovecot : public ::testing::TestWithParam<std::size_t> {
 protected:
  void SetUp() override { ASSERT_EQ(both().error, ""); }

  std::uint32_t uid() const { return static_cast<std::uint32_t>(GetParam() + 1); }
  static const Answers& mock() { return both().mock; }
  static const Answers& dovecot() { return both().dovecot; }
  std::string both_lines() const {
    const auto line = [&](const Answers& a) { return a.lines.contains(uid()) ? a.lines.at(uid()) : "(none)\n"; };
    return "\n  mock:    " + line(mock()) + "  dovecot: " + line(dovecot());
  }
  const FetchData& ours() const { return mock().fetches.at(uid()); }
  const FetchData& theirs() const { return dovecot().fetches.at(uid()); }
};

TEST_P(MockMatchesDovecot, EnvelopeIsTheSame) {
  ASSERT_TRUE(ours().envelope && theirs().envelope);
  EXPECT_TRUE(*ours().envelope == *theirs().envelope) << both_lines();
}

TEST_P(MockMatchesDovecot, BodyStructureIsTheSame) {
  ASSERT_TRUE(ours().body_structure && theirs().body_structure);
  EXPECT_TRUE(*ours().body_structure == *theirs().body_structure) << both_lines();
}

TEST_P(MockMatchesDovecot, SizeAndSectionBytesAreTheSame) {
  EXPECT_EQ(ours().rfc822_size, theirs().rfc822_size) << both_lines();
  EXPECT_EQ(ours().rfc822_size, with_crlf(seed_messages()[GetParam()].raw).size());
  for (const char* name : {"", "1", "HEADER", "TEXT"}) {
    const auto* a = ours().section(name);
    const auto* b = theirs().section(name);
    ASSERT_TRUE(a && b) << "BODY[" << name << "]";
    EXPECT_EQ(a->data, b->data) << "BODY[" << name << "]";
  }
  ASSERT_TRUE(ours().section(""));
  EXPECT_EQ(ours().section("")->data, with_crlf(seed_messages()[GetParam()].raw));
}

TEST_P(MockMatchesDovecot, EveryLeafPartAndItsMimeHeaderAreTheSame) {
  ASSERT_TRUE(dovecot().parts.contains(uid()));
  EXPECT_EQ(mock().parts.at(uid()), dovecot().parts.at(uid()));
}

INSTANTIATE_TEST_SUITE_P(SeedMessages, MockMatchesDovecot, ::testing::Range<std::size_t>(0, seed_messages().size()),
                         [](const auto& info) { return seed_messages()[info.param].name; });

TEST(MockMatchesDovecotSearch, SearchAnswersAreTheSame) {
  ASSERT_EQ(both().error, "");
  for (const auto& [criteria, uids] : both().dovecot.searches)
    EXPECT_EQ(both().mock.searches.at(criteria), uids) << criteria;
}

}  // namespace
}  // namespace mailsim::imap_interop

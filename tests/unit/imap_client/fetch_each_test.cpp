// fetch_each() against a scripted server: batches pipelined (the server reads
// the next command before it answers the first), messages handed over as they
// arrive, split FETCH responses merged, a NO that stops the rest, and the
// checks made before anything is sent.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>

#include "client/imap/imap_client.hpp"
#include "fake_imap_server.hpp"

namespace mailsim::client::imap {
namespace {

using namespace std::chrono_literals;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using testing::expect;
using testing::FakeImapServer;
using testing::send;
using testing::Step;
using testing::wait_close;

ImapClientOptions options_for(const FakeImapServer& server) {
  ImapClientOptions o;
  o.host = "127.0.0.1";
  o.port = server.port();
  o.credentials = sasl::ClientCredentials{.user = "alice", .password = "s3cret"};
  o.timeouts.connect = 10s;
  o.timeouts.command = 10s;
  return o;
}

// Greeting, LOGIN (A001), SELECT INBOX (A002), then steps, then LOGOUT.
std::vector<Step> selected(std::vector<Step> steps) {
  std::vector<Step> script{send("* OK [CAPABILITY IMAP4rev1] ready\r\n"), expect("LOGIN alice"),
                           send("{tag} OK [CAPABILITY IMAP4rev1] Logged in\r\n"), expect("SELECT INBOX"),
                           send("* 5 EXISTS\r\n{tag} OK [READ-WRITE] Select completed.\r\n")};
  script.insert(script.end(), steps.begin(), steps.end());
  for (auto step : {expect("LOGOUT"), send("* BYE bye\r\n{tag} OK Logout completed\r\n"), wait_close()})
    script.push_back(step);
  return script;
}

std::string body_response(int sequence, int uid, const std::string& body) {
  return "* " + std::to_string(sequence) + " FETCH (UID " + std::to_string(uid) + " BODY[] {" +
         std::to_string(body.size()) + "}\r\n" + body + ")\r\n";
}

FetchRequest whole_messages() {
  FetchRequest request;
  request.flags = false;
  request.sections.push_back(SectionRequest{});
  return request;
}

struct Received {
  std::vector<std::uint32_t> uids;
  std::vector<std::string> bodies;
  ImapConnection::OnMessage collector() {
    return [this](FetchData&& message) {
      uids.push_back(message.uid.value_or(0));
      const SectionData* whole = message.section("");
      bodies.push_back(whole && whole->data ? *whole->data : "<none>");
    };
  }
};

TEST(ImapFetchEach, BatchesArePipelinedAndMessagesGoOnAsTheyArrive) {
  // Both first commands are read before any answer: a client waiting for
  // A003's completion before sending A004 would stall here.
  FakeImapServer server(selected({
      expect("UID FETCH 1:2 (UID BODY.PEEK[])"),
      expect("UID FETCH 4,7 (UID BODY.PEEK[])"),
      send(body_response(2, 2, "two") + body_response(1, 1, "one") + "A003 OK Fetch completed\r\n"),
      expect("UID FETCH 9 (UID BODY.PEEK[])"),
      send(body_response(3, 4, "four") + body_response(4, 7, "seven") + "A004 OK Fetch completed\r\n" +
           body_response(5, 9, "nine\r\n") + "A005 OK Fetch completed\r\n"),
  }));
  Received got;
  {
    ImapClient client(options_for(server));
    ASSERT_FALSE(client.open());
    ASSERT_TRUE(client.select("INBOX"));
    const auto failure =
        client.fetch_each({9, 7, 4, 2, 1, 2}, whole_messages(), got.collector(), {.batch = 2, .depth = 2});
    EXPECT_FALSE(failure) << describe(*failure);
    EXPECT_TRUE(client.is_open());
    client.logout();
  }
  server.join();
  EXPECT_THAT(server.problems(), IsEmpty());
  EXPECT_THAT(got.uids, ElementsAre(2u, 1u, 4u, 7u, 9u));
  EXPECT_THAT(got.bodies, ElementsAre("two", "one", "four", "seven", "nine\r\n"));
}

TEST(ImapFetchEach, SplitResponsesMergeAndOtherFetchesAreUnsolicited) {
  // UID 3 comes in two parts and goes on once whole; UID 5 never gets its
  // FLAGS and goes on at the completion; the FETCH without a UID, the one for
  // UID 8 and the late news about UID 3 belong to nobody here.
  FakeImapServer server(selected({
      expect("UID FETCH 3,5 (UID FLAGS BODY.PEEK[])"),
      send("* 1 FETCH (UID 3 FLAGS (\\Seen))\r\n* 2 FETCH (FLAGS (\\Deleted))\r\n* 4 FETCH (UID 8 FLAGS ())\r\n" +
           body_response(1, 3, "three") + body_response(2, 5, "five") +
           "* 1 FETCH (UID 3 FLAGS (\\Seen \\Flagged))\r\nA003 OK done\r\n"),
  }));
  Received got;
  std::vector<std::vector<std::string>> flags;
  {
    ImapClient client(options_for(server));
    ASSERT_FALSE(client.open());
    ASSERT_TRUE(client.select("INBOX"));
    FetchRequest request = whole_messages();
    request.flags = true;
    const auto failure = client.fetch_each({3, 5}, request, [&](FetchData&& message) {
      flags.push_back(message.flags.value_or(std::vector<std::string>{"<none>"}));
      got.collector()(std::move(message));
    });
    EXPECT_FALSE(failure) << describe(*failure);
    EXPECT_EQ(client.take_unsolicited().size(), 3u);
    client.logout();
  }
  server.join();
  EXPECT_THAT(server.problems(), IsEmpty());
  EXPECT_THAT(got.uids, ElementsAre(3u, 5u));
  EXPECT_THAT(got.bodies, ElementsAre("three", "five"));
  EXPECT_THAT(flags, ElementsAre(std::vector<std::string>{"\\Seen"}, std::vector<std::string>{"<none>"}));
}

TEST(ImapFetchEach, ANoStopsFurtherBatchesAndTheSessionStaysInStep) {
  // A003 fails; A004 was already sent and is read to its end (its message
  // still goes on); A005 is never sent; the NOOP after it gets its answer.
  FakeImapServer server(selected({
      expect("UID FETCH 1 "),
      expect("UID FETCH 2 "),
      send("A003 NO [SERVERBUG] Internal error\r\n" + body_response(2, 2, "two") + "A004 OK done\r\n"),
      expect("NOOP"),
      send("{tag} OK NOOP completed\r\n"),
  }));
  Received got;
  {
    ImapClient client(options_for(server));
    ASSERT_FALSE(client.open());
    ASSERT_TRUE(client.select("INBOX"));
    const auto failure = client.fetch_each({1, 2, 3}, whole_messages(), got.collector(), {.batch = 1, .depth = 2});
    ASSERT_TRUE(failure);
    EXPECT_EQ(failure->reason, Reason::command_failed);
    EXPECT_EQ(failure->server_words, "NO [SERVERBUG] Internal error");
    EXPECT_TRUE(client.is_open());
    EXPECT_FALSE(client.noop());
    client.logout();
  }
  server.join();
  EXPECT_THAT(server.problems(), IsEmpty());
  EXPECT_THAT(got.uids, ElementsAre(2u));
  for (const auto& command : server.received()) EXPECT_EQ(command.find("UID FETCH 3"), std::string::npos) << command;
}

TEST(ImapFetchEach, AMalformedResponseFailsButTheOutstandingCommandsAreRead) {
  FakeImapServer server(selected({
      expect("UID FETCH 1 "),
      expect("UID FETCH 2 "),
      send("* 1 FETCH (UID 1 BODY[] {3}\r\none\r\n" + body_response(2, 2, "two") + "A003 OK done\r\nA004 OK done\r\n"),
      expect("NOOP"),
      send("{tag} OK NOOP completed\r\n"),
  }));
  Received got;
  {
    ImapClient client(options_for(server));
    ASSERT_FALSE(client.open());
    ASSERT_TRUE(client.select("INBOX"));
    const auto failure = client.fetch_each({1, 2, 3}, whole_messages(), got.collector(), {.batch = 1, .depth = 2});
    ASSERT_TRUE(failure);
    EXPECT_EQ(failure->reason, Reason::protocol_error);
    EXPECT_TRUE(client.is_open());
    EXPECT_FALSE(client.noop());
    client.logout();
  }
  server.join();
  EXPECT_THAT(server.problems(), IsEmpty());
}

TEST(ImapFetchEach, BadArgumentsFailBeforeAnythingIsSent) {
  FakeImapServer server(selected({}));
  {
    ImapClient client(options_for(server));
    ASSERT_FALSE(client.open());
    ASSERT_TRUE(client.select("INBOX"));
    Received got;
    for (const auto& [uids, batching] : {std::pair{std::vector<std::uint32_t>{1}, FetchBatching{.batch = 0}},
                                         std::pair{std::vector<std::uint32_t>{1}, FetchBatching{.depth = 0}},
                                         std::pair{std::vector<std::uint32_t>{}, FetchBatching{}},
                                         std::pair{std::vector<std::uint32_t>{0, 1}, FetchBatching{}}}) {
      const auto failure = client.fetch_each(uids, whole_messages(), got.collector(), batching);
      ASSERT_TRUE(failure);
      EXPECT_EQ(failure->reason, Reason::config_invalid);
    }
    FetchRequest bad_section = whole_messages();
    bad_section.sections[0].section = "1]";
    const auto failure = client.fetch_each({1}, bad_section, got.collector());
    ASSERT_TRUE(failure);
    EXPECT_EQ(failure->reason, Reason::config_invalid);
    const auto no_callback = client.fetch_each({1}, whole_messages(), {});
    ASSERT_TRUE(no_callback);
    EXPECT_EQ(no_callback->reason, Reason::config_invalid);
    client.logout();
  }
  server.join();
  EXPECT_THAT(server.problems(), IsEmpty());
}

TEST(ImapFetchEach, NeedsASelectedFolder) {
  FakeImapServer server({send("* OK [CAPABILITY IMAP4rev1] ready\r\n"), expect("LOGIN alice"),
                         send("{tag} OK [CAPABILITY IMAP4rev1] Logged in\r\n"), expect("LOGOUT"), send("{tag} OK bye\r\n"), wait_close()});
  {
    ImapClient client(options_for(server));
    ASSERT_FALSE(client.open());
    Received got;
    const auto failure = client.fetch_each({1}, whole_messages(), got.collector());
    ASSERT_TRUE(failure);
    EXPECT_EQ(failure->reason, Reason::command_failed);
    client.logout();
  }
  server.join();
  EXPECT_THAT(server.problems(), IsEmpty());
}

}  // namespace
}  // namespace mailsim::client::imap

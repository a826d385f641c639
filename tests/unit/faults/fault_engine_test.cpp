#include "mockserver/faults/fault_engine.hpp"

#include <gtest/gtest.h>

#include "mockserver/faults/presets.hpp"

namespace {

using namespace mailsim;
using namespace mailsim::mock::faults;
using namespace std::chrono_literals;

struct Fixture : ::testing::Test {
  std::shared_ptr<VirtualClock> clock = std::make_shared<VirtualClock>();
  FaultEngine engine{clock};

  FaultEvent command(std::string_view verb, std::uint64_t connection = 1, std::string_view user = "") {
    FaultEvent e;
    e.trigger = Trigger::command;
    e.protocol = Protocol::smtp;
    e.listener = "mx";
    e.verb = verb;
    e.user = user;
    e.client_ip = "127.0.0.1";
    e.connection = connection;
    return e;
  }
  FaultEvent connect(std::uint64_t connection, Protocol p = Protocol::smtp) {
    FaultEvent e;
    e.trigger = Trigger::connect;
    e.protocol = p;
    e.listener = "mx";
    e.client_ip = "127.0.0.1";
    e.connection = connection;
    return e;
  }
};

FaultRule reply_on(std::string verb, std::string reply) {
  FaultRule rule;
  rule.match.trigger = Trigger::command;
  rule.match.verbs = {std::move(verb)};
  rule.action.reply = std::move(reply);
  return rule;
}

using FaultEngineTest = Fixture;

TEST_F(FaultEngineTest, NoRulesMeansNoAction) { EXPECT_FALSE(engine.consult(command("MAIL"))); }

TEST_F(FaultEngineTest, MatchesVerbOnly) {
  engine.add(reply_on("RCPT", "550 5.1.1 no"));
  EXPECT_FALSE(engine.consult(command("MAIL")));
  auto action = engine.consult(command("RCPT"));
  ASSERT_TRUE(action);
  EXPECT_EQ(action->reply, "550 5.1.1 no");
}

TEST_F(FaultEngineTest, NthOccurrencePerConnection) {
  auto rule = reply_on("RCPT", "452 4.5.3 too many");
  rule.match.nth = 2;
  rule.match.scope = Scope::connection;
  engine.add(rule);
  EXPECT_FALSE(engine.consult(command("RCPT", 1)));
  EXPECT_TRUE(engine.consult(command("RCPT", 1)));
  EXPECT_FALSE(engine.consult(command("RCPT", 1)));
  // A new connection counts from one again.
  EXPECT_FALSE(engine.consult(command("RCPT", 2)));
  EXPECT_TRUE(engine.consult(command("RCPT", 2)));
}

TEST_F(FaultEngineTest, EveryNthCountedGlobally) {
  auto rule = reply_on("MAIL", "451 4.3.0 try later");
  rule.match.every = 3;
  rule.match.scope = Scope::global;
  engine.add(rule);
  int fired = 0;
  for (std::uint64_t c = 1; c <= 9; ++c) fired += engine.consult(command("MAIL", c)) ? 1 : 0;
  EXPECT_EQ(fired, 3);
}

TEST_F(FaultEngineTest, UidVerbMatchesPlainVerb) {
  FaultRule rule;
  rule.match.protocol = Protocol::imap;
  rule.match.verbs = {"FETCH"};
  rule.action.kind = ActionKind::drop_mid_response;
  engine.add(rule);
  auto e = command("UID FETCH");
  e.protocol = Protocol::imap;
  auto action = engine.consult(e);
  ASSERT_TRUE(action);
  EXPECT_EQ(action->kind, ActionKind::drop_mid_response);
  // Protocol filter: the same verb over SMTP does not match.
  EXPECT_FALSE(engine.consult(command("FETCH")));
}

TEST_F(FaultEngineTest, WindowOnTheInjectedClock) {
  auto rule = reply_on("MAIL", "421 4.3.2 maintenance");
  rule.match.window = Window{clock->now() + 10min, clock->now() + 20min};
  engine.add(rule);
  EXPECT_FALSE(engine.consult(command("MAIL")));
  clock->advance(10min);
  EXPECT_TRUE(engine.consult(command("MAIL")));
  clock->advance(10min);
  EXPECT_FALSE(engine.consult(command("MAIL")));
}

TEST_F(FaultEngineTest, MaxFiresRetiresTheRule) {
  auto rule = reply_on("MAIL", "451 once");
  rule.max_fires = 1;
  engine.add(rule);
  EXPECT_TRUE(engine.consult(command("MAIL")));
  EXPECT_FALSE(engine.consult(command("MAIL")));
}

TEST_F(FaultEngineTest, FirstMatchingRuleWinsButAllCount) {
  auto first = reply_on("MAIL", "first");
  first.match.nth = 1;
  auto second = reply_on("MAIL", "second");
  second.match.nth = 2;
  engine.add(first);
  engine.add(second);
  EXPECT_EQ(engine.consult(command("MAIL"))->reply, "first");
  EXPECT_EQ(engine.consult(command("MAIL"))->reply, "second");
}

TEST_F(FaultEngineTest, UserFilter) {
  auto rule = reply_on("MAIL", "550 blocked user");
  rule.match.user = "bob";
  engine.add(rule);
  EXPECT_FALSE(engine.consult(command("MAIL", 1, "alice")));
  EXPECT_TRUE(engine.consult(command("MAIL", 1, "bob")));
}

TEST_F(FaultEngineTest, ThrottleSlidingWindowWithRetryHint) {
  ThrottleRule t;
  t.unit = ThrottleUnit::messages;
  t.limit = 2;
  t.window = 1min;
  engine.add(t);
  EXPECT_FALSE(engine.consult(command("MAIL")));
  clock->advance(10s);
  EXPECT_FALSE(engine.consult(command("MAIL")));
  auto throttled = engine.consult(command("MAIL"));
  ASSERT_TRUE(throttled);
  // The first message leaves the window 50 s from now.
  EXPECT_EQ(throttled->reply, "421 4.7.0 Rate limit exceeded, try again in 50 seconds");
  clock->advance(50s);
  EXPECT_FALSE(engine.consult(command("MAIL")));  // one slot free again
  EXPECT_TRUE(engine.consult(command("MAIL")));
}

TEST_F(FaultEngineTest, ThrottleCountsOnlyItsUnit) {
  ThrottleRule t;
  t.unit = ThrottleUnit::recipients;
  t.limit = 1;
  t.window = 1h;
  t.reply = "452 4.5.3 Your message has too many recipients.";
  engine.add(t);
  EXPECT_FALSE(engine.consult(command("MAIL")));
  EXPECT_FALSE(engine.consult(command("RCPT")));
  EXPECT_EQ(engine.consult(command("RCPT"))->reply, "452 4.5.3 Your message has too many recipients.");
}

TEST_F(FaultEngineTest, ThrottlePerUserKeepsUsersApart) {
  ThrottleRule t;
  t.unit = ThrottleUnit::messages;
  t.limit = 1;
  t.scope = Scope::user;
  engine.add(t);
  EXPECT_FALSE(engine.consult(command("MAIL", 1, "alice")));
  EXPECT_FALSE(engine.consult(command("MAIL", 2, "bob")));
  EXPECT_TRUE(engine.consult(command("MAIL", 1, "alice")));
}

TEST_F(FaultEngineTest, ImapThrottleDefaultWording) {
  ThrottleRule t;
  t.protocol = Protocol::imap;
  t.unit = ThrottleUnit::commands;
  t.limit = 0;
  engine.add(t);
  auto e = command("SELECT");
  e.protocol = Protocol::imap;
  auto action = engine.consult(e);
  ASSERT_TRUE(action);
  EXPECT_EQ(action->reply.rfind("NO [LIMIT]", 0), 0u) << action->reply;
}

TEST_F(FaultEngineTest, ConnectionCapFreesPlacesOnClose) {
  ConnectionCap cap;
  cap.max = 2;
  engine.add(cap);
  EXPECT_FALSE(engine.consult(connect(1)));
  EXPECT_FALSE(engine.consult(connect(2)));
  auto refused = engine.consult(connect(3));
  ASSERT_TRUE(refused);
  EXPECT_TRUE(refused->close_after);
  engine.connection_closed("mx", 3);  // the refused one held no place
  EXPECT_TRUE(engine.consult(connect(4)));
  engine.connection_closed("mx", 1);
  EXPECT_FALSE(engine.consult(connect(5)));
}

TEST_F(FaultEngineTest, UserCapCountsAtAuthentication) {
  ConnectionCap cap;
  cap.scope = Scope::user;
  cap.max = 1;
  cap.reply = "NO [ALERT] Too many simultaneous connections. (Failure)";
  engine.add(cap);
  auto auth = [&](std::uint64_t c, std::string_view user) {
    FaultEvent e = command("", c, user);
    e.trigger = Trigger::authenticated;
    e.protocol = Protocol::imap;
    return engine.consult(e);
  };
  EXPECT_FALSE(engine.consult(connect(1)));  // connects are not counted per user
  EXPECT_FALSE(auth(1, "alice"));
  EXPECT_FALSE(auth(2, "bob"));
  auto refused = auth(3, "alice");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->reply, "NO [ALERT] Too many simultaneous connections. (Failure)");
}

TEST_F(FaultEngineTest, IdsAreUniqueAndRemovable) {
  auto a = engine.add(reply_on("MAIL", "x"));
  auto b = engine.add(reply_on("MAIL", "y"));
  EXPECT_NE(a, b);
  auto named = reply_on("MAIL", "z");
  named.id = "mine";
  EXPECT_EQ(engine.add(named), "mine");
  EXPECT_THROW(engine.add(named), std::invalid_argument);
  EXPECT_TRUE(engine.remove(a));
  EXPECT_FALSE(engine.remove(a));
  EXPECT_EQ(engine.list().rules.size(), 2u);
  engine.clear();
  EXPECT_TRUE(engine.list().rules.empty());
}

TEST_F(FaultEngineTest, RejectsNonsenseRules) {
  ThrottleRule t;
  t.window = 0ms;
  EXPECT_THROW(engine.add(t), std::invalid_argument);
  ConnectionCap cap;
  cap.scope = Scope::connection;
  EXPECT_THROW(engine.add(cap), std::invalid_argument);
}

TEST_F(FaultEngineTest, RecordsWhatFired) {
  auto rule = reply_on("DATA", "554 no");
  rule.id = "reject-data";
  engine.add(rule);
  engine.consult(command("DATA", 7));
  auto fired = engine.fired();
  ASSERT_EQ(fired.size(), 1u);
  EXPECT_EQ(fired[0].id, "reject-data");
  EXPECT_EQ(fired[0].connection, 7u);
}

TEST(FaultPresets, EveryPresetLoadsAndApplies) {
  auto clock = std::make_shared<VirtualClock>();
  for (auto name : preset_names()) {
    FaultEngine engine(clock);
    PresetOptions options;
    options.listener = "submission";
    auto preset = find_preset(name, options);
    ASSERT_TRUE(preset) << name;
    auto ids = apply_preset(engine, *preset);
    EXPECT_FALSE(ids.empty()) << name;
    for (const auto& r : engine.list().rules) EXPECT_EQ(r.match.listener, "submission");
  }
  EXPECT_FALSE(find_preset("no_such_provider"));
}

TEST(FaultPresets, GmailImapCapsFifteenSessions) {
  auto clock = std::make_shared<VirtualClock>();
  FaultEngine engine(clock);
  apply_preset(engine, *find_preset("gmail_imap"));
  FaultEvent e;
  e.trigger = Trigger::authenticated;
  e.protocol = Protocol::imap;
  e.listener = "imap";
  e.user = "alice";
  for (std::uint64_t c = 1; c <= 15; ++c) {
    e.connection = c;
    EXPECT_FALSE(engine.consult(e)) << c;
  }
  e.connection = 16;
  auto refused = engine.consult(e);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->reply, "NO [ALERT] Too many simultaneous connections. (Failure)");
}

TEST(FaultPresets, Port25ThrottledAfterNHonoursOptions) {
  auto clock = std::make_shared<VirtualClock>();
  FaultEngine engine(clock);
  PresetOptions options;
  options.limit = 2;
  options.window = std::chrono::minutes(5);
  apply_preset(engine, *find_preset("port25_throttled_after_n", options));
  FaultEvent e;
  e.trigger = Trigger::command;
  e.protocol = Protocol::smtp;
  e.verb = "MAIL";
  e.client_ip = "127.0.0.1";
  EXPECT_FALSE(engine.consult(e));
  EXPECT_FALSE(engine.consult(e));
  auto throttled = engine.consult(e);
  ASSERT_TRUE(throttled);
  EXPECT_EQ(throttled->reply.substr(0, 9), "421 4.7.0");
  EXPECT_TRUE(throttled->close_after);
}

}  // namespace

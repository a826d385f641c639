// The fault-engine hooks: each can replace a reply or close the connection.
#include "mockserver/smtp/smtp_session_hooks.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "session_harness.hpp"

namespace mailsim::mock {
namespace {

using namespace mailsim::mock::smtp_test;
using Action = SmtpSessionOutput::Action;

// Refuses MAIL from one sender, closes on VRFY, rejects messages whose
// content says so, and remembers what it saw.
class ScriptedHooks final : public SmtpSessionHooks {
 public:
  SmtpHookAction on_connect(const SmtpSession& session) override {
    connected_ip = session.client_ip();
    return connect_action;
  }
  SmtpHookAction on_command(const SmtpSession& session, const SmtpCommand& command) override {
    verbs.push_back(command.name);
    if (command.verb == SmtpVerb::mail && command.mail.reverse_path == "blocked@b.example")
      return {"451 4.7.1 Try again later", false};
    if (command.verb == SmtpVerb::vrfy) return {std::nullopt, true};
    return {};
  }
  SmtpHookAction on_data_end(const SmtpSession& session, const CapturedMessage& message) override {
    if (message.raw.find("reject me") != std::string::npos) return {"554 5.7.1 Message refused", false};
    if (message.raw.find("multi") != std::string::npos) return {"250-first\n250 2.0.0 Taken", false};
    return {};
  }
  void on_close(const SmtpSession& session) override { closed_session = session.session_id(); }

  SmtpHookAction connect_action;
  std::string connected_ip;
  std::vector<std::string> verbs;
  std::string closed_session;
};

TEST(SmtpSessionHooks, DefaultHooksChangeNothing) {
  SmtpSessionHooks defaults;
  SessionHarness h({}, &defaults);
  EXPECT_EQ(h.open(), "220 localhost ESMTP mailsim\r\n");
  h.start_transaction();
  EXPECT_EQ(h.send("DATA\r\nx\r\n.\r\n"), "354 End data with <CR><LF>.<CR><LF>\r\n250 2.0.0 Ok: queued as t-1.1\r\n");
}

TEST(SmtpSessionHooks, CommandReplyIsSubstituted) {
  ScriptedHooks hooks;
  SessionHarness h({}, &hooks);
  h.greet();
  EXPECT_EQ(h.send("MAIL FROM:<a@b.example>\r\nRSET\r\nMAIL FROM:<blocked@b.example>\r\n"),
            "250 2.1.0 Ok\r\n250 2.0.0 Ok\r\n451 4.7.1 Try again later\r\n");
  EXPECT_FALSE(h.session().in_transaction());  // the refused MAIL did not run
  EXPECT_EQ(hooks.verbs, (std::vector<std::string>{"EHLO", "MAIL", "RSET", "MAIL"}));
  EXPECT_EQ(hooks.connected_ip, "127.0.0.1");
}

TEST(SmtpSessionHooks, CommandCloseWithoutReply) {
  ScriptedHooks hooks;
  SessionHarness h({}, &hooks);
  h.greet();
  EXPECT_EQ(h.send("VRFY x\r\nNOOP\r\n"), "");
  EXPECT_EQ(h.last_action(), Action::close);
}

TEST(SmtpSessionHooks, ConnectRefusalThenOnlyQuit) {
  ScriptedHooks hooks;
  hooks.connect_action = {"554 5.7.1 No SMTP service here", false};
  SessionHarness h({}, &hooks);
  EXPECT_EQ(h.open(), "554 5.7.1 No SMTP service here\r\n");
  EXPECT_EQ(h.send("EHLO c.example\r\n"), "503 5.5.1 Bad sequence of commands\r\n");
  EXPECT_EQ(h.send("QUIT\r\n"), "221 2.0.0 Bye\r\n");
}

TEST(SmtpSessionHooks, ConnectCloseAfterReply) {
  ScriptedHooks hooks;
  hooks.connect_action = {"421 4.7.0 Too many connections", true};
  SessionHarness h({}, &hooks);
  EXPECT_EQ(h.open(), "421 4.7.0 Too many connections\r\n");
  EXPECT_EQ(h.last_action(), Action::close);
}

TEST(SmtpSessionHooks, DataEndRejectionIsNotCaptured) {
  ScriptedHooks hooks;
  SessionHarness h({}, &hooks);
  h.start_transaction();
  EXPECT_EQ(h.send("DATA\r\nreject me\r\n.\r\n"), "354 End data with <CR><LF>.<CR><LF>\r\n554 5.7.1 Message refused\r\n");
  EXPECT_TRUE(h.messages().empty());
  h.send("MAIL FROM:<a@b.example>\r\nRCPT TO:<c@d.example>\r\n");
  EXPECT_EQ(h.send("DATA\r\nmulti\r\n.\r\n"), "354 End data with <CR><LF>.<CR><LF>\r\n250-first\r\n250 2.0.0 Taken\r\n");
  EXPECT_EQ(h.messages().size(), 1u);  // a 2xx substitute still accepts
}

TEST(SmtpSessionHooks, CloseIsReportedOnce) {
  ScriptedHooks hooks;
  SessionHarness h({}, &hooks);
  h.open();
  h.session().connection_closed("client closed the connection");
  h.session().connection_closed("again");
  EXPECT_EQ(hooks.closed_session, "t-1");
  EXPECT_FALSE(h.transcript().contains("again"));
}

}  // namespace
}  // namespace mailsim::mock

namespace mailsim::mock {
namespace {

using namespace mailsim::mock::smtp_test;

class ConnectOnly final : public SmtpSessionHooks {
 public:
  explicit ConnectOnly(SmtpHookAction action) : action_(std::move(action)) {}
  SmtpHookAction on_connect(const SmtpSession&) override { return action_; }

 private:
  SmtpHookAction action_;
};

TEST(SmtpSessionHooks, SilentSessionSaysNothingAndIgnoresTheClient) {
  ConnectOnly hooks({.silent = true});
  SessionHarness h({}, &hooks);
  EXPECT_EQ(h.open(), "");  // no greeting: a blackholed port
  EXPECT_EQ(h.send("EHLO client\r\nMAIL FROM:<a@b.example>\r\n"), "");
  EXPECT_EQ(h.last_action(), SmtpSessionOutput::Action::none);  // the client's timeout ends it
}

TEST(SmtpSessionHooks, ResetAbortsTheConnection) {
  ConnectOnly hooks({.close = true, .reset = true});
  SessionHarness h({}, &hooks);
  EXPECT_EQ(h.open(), "");
  EXPECT_EQ(h.last_action(), SmtpSessionOutput::Action::reset);
}

}  // namespace
}  // namespace mailsim::mock

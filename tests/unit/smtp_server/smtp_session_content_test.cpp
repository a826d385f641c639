// Message content through the session: DATA (dot-unstuffing, smuggling, bare
// LF, size) and BDAT (CHUNKING, BINARYMIME).
#include "mockserver/smtp/smtp_session.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "session_harness.hpp"

namespace mailsim::mock {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using namespace mailsim::mock::smtp_test;
using Action = SmtpSessionOutput::Action;

constexpr std::string_view kDataGo = "354 End data with <CR><LF>.<CR><LF>\r\n";

TEST(SmtpSessionData, DotUnstuffingAndExactBytes) {
  SessionHarness h;
  h.start_transaction();
  EXPECT_EQ(h.send("DATA\r\n"), kDataGo);
  EXPECT_EQ(h.send("..\r\n.x\r\n"), "");
  EXPECT_EQ(h.send("tail without newline at end"), "");
  EXPECT_EQ(h.send("\r\n.\r\n"), "250 2.0.0 Ok: queued as t-1.1\r\n");
  ASSERT_EQ(h.messages().size(), 1u);
  EXPECT_EQ(h.messages()[0].raw, ".\r\nx\r\ntail without newline at end\r\n");
}

TEST(SmtpSessionData, CommandsPipelinedAfterTheEndOfDataRun) {
  SessionHarness h;
  h.start_transaction();
  EXPECT_EQ(h.send("DATA\r\nbody\r\n.\r\nRSET\r\nNOOP\r\n"),
            std::string(kDataGo) + "250 2.0.0 Ok: queued as t-1.1\r\n250 2.0.0 Ok\r\n250 2.0.0 Ok\r\n");
}

// Content that starts a read skips the line buffer; what follows its end in
// the same read (the next transaction, its content too) must still be read.
TEST(SmtpSessionData, ContentStartingAReadThenPipelinedCommandsAndContent) {
  SessionHarness h;
  h.start_transaction();
  EXPECT_EQ(h.send("DATA\r\n"), kDataGo);
  EXPECT_EQ(h.send("one\r\n.\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\ntwo\r\n.\r\n"),
            std::string("250 2.0.0 Ok: queued as t-1.1\r\n250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n") + std::string(kDataGo) +
                "250 2.0.0 Ok: queued as t-1.2\r\n");
  ASSERT_EQ(h.messages().size(), 2u);
  EXPECT_EQ(h.messages()[0].raw, "one\r\n");
  EXPECT_EQ(h.messages()[1].raw, "two\r\n");
}

TEST(SmtpSessionData, SmugglingWithBareLfDotBareLfIsOneMessage) {
  SessionHarness h;
  h.start_transaction();
  const std::string smuggled =
      "Subject: one\r\n\r\nfirst\n.\nMAIL FROM:<admin@victim.example>\r\nRCPT TO:<x@victim.example>\r\n"
      "DATA\r\nSubject: forged\r\n\r\n.\r\n";
  EXPECT_EQ(h.send("DATA\r\n" + smuggled), std::string(kDataGo) + "250 2.0.0 Ok: queued as t-1.1\r\n");
  ASSERT_EQ(h.messages().size(), 1u);
  const auto& m = h.messages()[0];
  EXPECT_THAT(m.raw, HasSubstr("MAIL FROM:<admin@victim.example>"));
  EXPECT_EQ(m.bare_lf_count, 2u);
  EXPECT_EQ(m.mail_from, "sender@example.com");
}

TEST(SmtpSessionData, OtherSmugglingEndingsAreContentToo) {
  for (const std::string ending : {"\r\n.\n", "\n.\r\n"}) {
    SessionHarness h;
    h.start_transaction();
    h.send("DATA\r\nfirst" + ending + "NOOP\r\n");
    EXPECT_TRUE(h.messages().empty());
    h.send(".\r\n");
    ASSERT_EQ(h.messages().size(), 1u);
    EXPECT_THAT(h.messages()[0].raw, HasSubstr("NOOP"));
  }
}

TEST(SmtpSessionData, BareLfInDataRefusedWhenConfigured) {
  SmtpSessionConfig config;
  config.reject_bare_lf = true;
  config.hostname = "mx.test";
  SessionHarness h(config);
  h.start_transaction();
  EXPECT_EQ(h.send("DATA\r\nline one\r\nline two\n.\nQUIT\r\n"),
            std::string(kDataGo) + "521 5.5.2 mx.test Error: bare <LF> received\r\n");
  EXPECT_EQ(h.last_action(), Action::close);
  EXPECT_TRUE(h.messages().empty());
}

TEST(SmtpSessionData, BareLfsAreCountedWhenTolerated) {
  SessionHarness h;
  h.start_transaction();
  h.send("DATA\r\nunix\nline\r\n.\r\n");
  ASSERT_EQ(h.messages().size(), 1u);
  EXPECT_EQ(h.messages()[0].bare_lf_count, 1u);
  EXPECT_EQ(h.messages()[0].raw, "unix\nline\r\n");
}

TEST(SmtpSessionData, OverLongContentLinesAreKept) {
  SessionHarness h;
  h.start_transaction();
  const std::string long_line(300000, 'z');
  h.send("DATA\r\n");
  for (std::size_t i = 0; i < long_line.size(); i += 50000) h.send(std::string_view(long_line).substr(i, 50000));
  h.send("\r\n.\r\n");
  ASSERT_EQ(h.messages().size(), 1u);
  EXPECT_EQ(h.messages()[0].raw, long_line + "\r\n");
  EXPECT_EQ(h.messages()[0].longest_line, long_line.size());
}

TEST(SmtpSessionData, ContentOverTheSizeLimitGets552AtTheEnd) {
  SmtpSessionConfig config;
  config.limits.max_message_size = 100;
  SessionHarness h(config);
  h.start_transaction();
  h.send("DATA\r\n");
  for (int i = 0; i < 100; ++i) EXPECT_EQ(h.send(std::string(998, 'q') + "\r\n"), "");
  EXPECT_EQ(h.send(".\r\n"), "552 5.3.4 Message size exceeds fixed limit\r\n");
  EXPECT_TRUE(h.messages().empty());
  EXPECT_FALSE(h.session().in_transaction());
  // The session carries on.
  h.send("MAIL FROM:<a@b.example>\r\nRCPT TO:<c@d.example>\r\nDATA\r\nsmall\r\n.\r\n");
  ASSERT_EQ(h.messages().size(), 1u);
}

TEST(SmtpSessionData, DataRefusedForBinaryMime) {
  SessionHarness h;
  h.greet();
  h.send("MAIL FROM:<a@b.example> BODY=BINARYMIME\r\nRCPT TO:<c@d.example>\r\n");
  EXPECT_EQ(h.send("DATA\r\n"), "503 5.5.1 Error: BODY=BINARYMIME requires BDAT\r\n");
}

TEST(SmtpSessionBdat, ChunksAreJoinedExactly) {
  SessionHarness h;
  h.start_transaction();
  EXPECT_EQ(h.send("BDAT 7\r\nhello\r\nBDAT 9 LAST\r\n.world\n\r\n"),
            "250 2.0.0 Ok: 7 octets received\r\n250 2.0.0 Ok: queued as t-1.1\r\n");
  ASSERT_EQ(h.messages().size(), 1u);
  const auto& m = h.messages()[0];
  EXPECT_EQ(m.raw, "hello\r\n.world\n\r\n");  // no dot-unstuffing in BDAT
  EXPECT_TRUE(m.chunked);
  EXPECT_EQ(m.bare_lf_count, 1u);
}

TEST(SmtpSessionBdat, ChunkSplitAcrossReads) {
  SessionHarness h;
  h.start_transaction();
  EXPECT_EQ(h.send("BDAT 10 LAST\r\n0123"), "");
  EXPECT_EQ(h.send("45678"), "");
  EXPECT_EQ(h.send("9NOOP\r\n"), "250 2.0.0 Ok: queued as t-1.1\r\n250 2.0.0 Ok\r\n");
  EXPECT_EQ(h.messages().at(0).raw, "0123456789");
}

TEST(SmtpSessionBdat, ZeroLengthLastChunk) {
  SessionHarness h;
  h.start_transaction();
  EXPECT_EQ(h.send("BDAT 3\r\nabcBDAT 0 LAST\r\n"),
            "250 2.0.0 Ok: 3 octets received\r\n250 2.0.0 Ok: queued as t-1.1\r\n");
  EXPECT_EQ(h.messages().at(0).raw, "abc");
}

TEST(SmtpSessionBdat, BinaryMimeThroughBdat) {
  SessionHarness h;
  h.greet();
  const std::string binary("\0\x01\xff\r\n.\r\n", 8);
  h.send("MAIL FROM:<a@b.example> BODY=BINARYMIME\r\nRCPT TO:<c@d.example>\r\nBDAT 8 LAST\r\n" + binary);
  ASSERT_EQ(h.messages().size(), 1u);
  EXPECT_EQ(h.messages()[0].raw, binary);
}

TEST(SmtpSessionBdat, ChunkWithoutTransactionIsReadAndRefused) {
  SessionHarness h;
  h.greet();
  EXPECT_EQ(h.send("BDAT 12\r\nNOOP\r\nNOOP\r\nNOOP\r\n"), "503 5.5.1 Error: need MAIL command\r\n250 2.0.0 Ok\r\n");
  h.send("MAIL FROM:<a@b.example>\r\n");
  EXPECT_EQ(h.send("BDAT 4 LAST\r\nRSET"), "503 5.5.1 Error: need RCPT command\r\n");
  EXPECT_TRUE(h.messages().empty());
}

TEST(SmtpSessionBdat, DataAfterBdatIsRefused) {
  SessionHarness h;
  h.start_transaction();
  h.send("BDAT 2\r\nab");
  EXPECT_EQ(h.send("DATA\r\n"), "503 5.5.1 Error: DATA after BDAT\r\n");
}

TEST(SmtpSessionBdat, OverSizeChunkGets552AndEndsTheTransaction) {
  SmtpSessionConfig config;
  config.limits.max_message_size = 10;
  SessionHarness h(config);
  h.start_transaction();
  EXPECT_THAT(lines_of(h.send("BDAT 6\r\n123456BDAT 6 LAST\r\n789012NOOP\r\n")),
              ElementsAre("250 2.0.0 Ok: 6 octets received", "552 5.3.4 Message size exceeds fixed limit",
                          "250 2.0.0 Ok"));
  EXPECT_FALSE(h.session().in_transaction());
  EXPECT_TRUE(h.messages().empty());
}

TEST(SmtpSessionBdat, BadSyntax) {
  SessionHarness h;
  h.start_transaction();
  EXPECT_EQ(h.send("BDAT lots\r\n"), "501 5.5.4 Syntax: BDAT chunk-size [LAST]\r\n");
}

TEST(SmtpSessionBdat, TranscriptSummarisesChunks) {
  SessionHarness h;
  h.start_transaction();
  h.send("BDAT 5 LAST\r\nhello");
  EXPECT_TRUE(h.transcript().contains("<chunk: 5 octets>"));
  EXPECT_FALSE(h.transcript().contains("hello"));
}

}  // namespace
}  // namespace mailsim::mock

// Sequence sets, modified UTF-7 mailbox names and capability lookups.
#include <gtest/gtest.h>

#include "client/imap/imap_capabilities.hpp"
#include "client/imap/imap_mailbox_name.hpp"
#include "client/imap/imap_response_queue.hpp"
#include "client/imap/imap_sequence_set.hpp"

namespace mailsim::client::imap {
namespace {

TEST(ImapSequenceSet, FormatsSortedCompressedRuns) {
  EXPECT_EQ(format_sequence_set({5, 1, 2, 3, 3, 9, 10}), "1:3,5,9:10");
  EXPECT_EQ(format_sequence_set({42}), "42");
  EXPECT_EQ(format_sequence_set({}), "");
  EXPECT_THROW(format_sequence_set({0, 1}), std::invalid_argument);
}

TEST(ImapSequenceSet, ParsesAndBoundsExpansion) {
  EXPECT_EQ(parse_sequence_set("304,319:320"), (std::vector<std::uint32_t>{304, 319, 320}));
  EXPECT_EQ(parse_sequence_set("3958:3956"), (std::vector<std::uint32_t>{3956, 3957, 3958}));
  EXPECT_FALSE(parse_sequence_set("1:4294967295"));
  EXPECT_FALSE(parse_sequence_set("1:*"));
  EXPECT_FALSE(parse_sequence_set("0"));
  EXPECT_FALSE(parse_sequence_set("1,,2"));
  EXPECT_FALSE(parse_sequence_set(""));
  EXPECT_FALSE(parse_sequence_set("1:3", 2));
}

TEST(ImapMailboxName, RoundTripsModifiedUtf7) {
  EXPECT_EQ(encode_mailbox_name("Entw\xc3\xbcrfe"), "Entw&APw-rfe");
  EXPECT_EQ(encode_mailbox_name("R&D"), "R&-D");
  EXPECT_EQ(encode_mailbox_name("~peter/mail/\xe5\x8f\xb0\xe5\x8c\x97/\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e"),
            "~peter/mail/&U,BTFw-/&ZeVnLIqe-");  // RFC 3501 section 5.1.3
  EXPECT_EQ(decode_mailbox_name("~peter/mail/&U,BTFw-/&ZeVnLIqe-"),
            "~peter/mail/\xe5\x8f\xb0\xe5\x8c\x97/\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e");
  const std::string emoji = "\xf0\x9f\x93\xa7 Mail";
  EXPECT_EQ(decode_mailbox_name(*encode_mailbox_name(emoji)), emoji);
  EXPECT_EQ(decode_mailbox_name("INBOX"), "INBOX");
}

TEST(ImapMailboxName, RejectsMalformedInput) {
  EXPECT_FALSE(encode_mailbox_name("\xc3"));
  EXPECT_FALSE(encode_mailbox_name("\xed\xa0\x80"));  // a UTF-8 encoded surrogate
  EXPECT_FALSE(decode_mailbox_name("&APw"));          // unterminated
  EXPECT_FALSE(decode_mailbox_name("&A!w-"));         // outside the alphabet
  EXPECT_FALSE(decode_mailbox_name("&2D0-"));         // lone high surrogate
  EXPECT_FALSE(decode_mailbox_name("caf\xc3\xa9"));   // 8-bit bytes are not modified UTF-7
}

TEST(ImapCapabilities, CaseInsensitiveLookups) {
  const Capabilities caps({"IMAP4rev1", "auth=plain", "AUTH=XOAUTH2", "LITERAL+", "APPENDLIMIT=35651584"});
  EXPECT_TRUE(caps.known());
  EXPECT_TRUE(caps.has("literal+"));
  EXPECT_FALSE(caps.has("LITERAL"));
  EXPECT_TRUE(caps.offers(sasl::Mechanism::plain));
  EXPECT_TRUE(caps.offers(sasl::Mechanism::xoauth2));
  EXPECT_FALSE(caps.offers(sasl::Mechanism::oauthbearer));
  EXPECT_EQ(caps.append_limit(), 35651584u);
  EXPECT_FALSE(Capabilities({"APPENDLIMIT"}).append_limit());
  EXPECT_FALSE(Capabilities().known());
}

TEST(ImapResponseQueue, DropsOldestPastCountOrBytes) {
  ResponseQueue by_count(3, 1000);
  for (std::uint32_t i = 1; i <= 5; ++i) by_count.push(ExistsData{i}, 10);
  EXPECT_EQ(by_count.dropped(), 2u);
  const auto kept = by_count.take();
  ASSERT_EQ(kept.size(), 3u);
  EXPECT_EQ(std::get<ExistsData>(kept.front()).count, 3u);
  EXPECT_EQ(by_count.size(), 0u);

  ResponseQueue by_bytes(100, 50);
  by_bytes.push(ExistsData{1}, 30);
  by_bytes.push(ExistsData{2}, 30);
  EXPECT_EQ(by_bytes.size(), 1u);
  by_bytes.push(ExistsData{3}, 500);  // the newest stays even when alone over the bound
  const auto newest = by_bytes.take();
  ASSERT_EQ(newest.size(), 1u);
  EXPECT_EQ(std::get<ExistsData>(newest.front()).count, 3u);
}

}  // namespace
}  // namespace mailsim::client::imap

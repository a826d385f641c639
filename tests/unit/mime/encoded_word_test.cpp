#include "client/mime/encoded_word.hpp"

#include <gtest/gtest.h>

#include "client/mime/utf8.hpp"

namespace mailsim::client::mime {
namespace {

std::string joined(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

TEST(EncodedWord, KnowsWhatNeedsEncoding) {
  EXPECT_FALSE(needs_encoded_words("Quarterly report (draft) 100%"));
  EXPECT_FALSE(needs_encoded_words("tab\tinside"));
  EXPECT_TRUE(
      needs_encoded_words("Gr\xc3\xbc\xc3\x9f"
                          "e"));
  EXPECT_TRUE(needs_encoded_words("bell\x07"));
  // Would be read as an encoded word by any reader.
  EXPECT_TRUE(needs_encoded_words("=?UTF-8?Q?x?="));
}

TEST(EncodedWord, PicksBase64ForMostlyNonAsciiText) {
  EXPECT_EQ(encode_words("Gr\xc3\xbc\xc3\x9f"
                         "e"),
            std::vector<std::string>{"=?UTF-8?B?R3LDvMOfZQ==?="});
}

TEST(EncodedWord, PicksQForMostlyAsciiText) {
  EXPECT_EQ(encode_words("Caf\xc3\xa9 au lait"), std::vector<std::string>{"=?UTF-8?Q?Caf=C3=A9_au_lait?="});
}

TEST(EncodedWord, QEncodesEverythingOutsideThePhraseSafeSet) {
  // "?", "=", "_" and "." could end or confuse a word; ":" and "," a phrase.
  EXPECT_EQ(encode_words("question? equals= under_score dot. ok"),
            std::vector<std::string>{"=?UTF-8?Q?question=3F_equals=3D_under=5Fscore_dot=2E_ok?="});
}

TEST(EncodedWord, SplitsLongTextIntoWordsOfAtMost75) {
  std::string text;
  for (int i = 0; i < 100; ++i) text += "\xe6\x97\xa5";  // 日, three bytes each
  const auto words = encode_words(text, 40);
  ASSERT_GT(words.size(), 3u);
  EXPECT_LE(words.front().size(), 40u);
  for (const auto& word : words) {
    EXPECT_LE(word.size(), kMaxEncodedWord);
    // Each word holds whole characters: it decodes to valid UTF-8 alone.
    const auto alone = decode_words(word);
    EXPECT_NE(alone, word);
    EXPECT_TRUE(is_valid_utf8(alone));
  }
  EXPECT_EQ(decode_words(joined(words)), text);
}

TEST(EncodedWord, HonoursASmallerWordLimit) {
  const std::string text(200, '\xc3');  // never decoded here; only lengths matter
  const auto words = encode_words(text, 50, 60);
  EXPECT_LE(words.front().size(), 50u);
  for (const auto& word : words) EXPECT_LE(word.size(), 60u);
}

TEST(EncodedWord, TooLittleRoomForAFirstWordMovesItWhole) {
  const auto words = encode_words("\xc3\xa9t\xc3\xa9", 3);
  ASSERT_EQ(words.size(), 1u);
  EXPECT_EQ(decode_words(words[0]), "\xc3\xa9t\xc3\xa9");
}

TEST(EncodedWord, RoundTripsAssortedText) {
  for (const std::string& text :
       std::vector<std::string>{"plain words with  two spaces", "=?not a word?=", "emoji \xf0\x9f\x93\xa7 mail",
                                "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82, \xd0\xbc\xd0\xb8\xd1\x80", " edges ",
                                "tab\there", std::string(200, 'x') + "\xc3\xa9"}) {
    const auto words = encode_words(text);
    for (const auto& w : words) EXPECT_LE(w.size(), kMaxEncodedWord);
    EXPECT_EQ(decode_words(joined(words)), text) << text;
  }
}

// RFC 2047 section 8, the table of how whitespace between words is treated.
TEST(EncodedWord, DecodesTheRfc2047Examples) {
  EXPECT_EQ(decode_words("(=?ISO-8859-1?Q?a?=)"), "(a)");
  EXPECT_EQ(decode_words("(=?ISO-8859-1?Q?a?= b)"), "(a b)");
  EXPECT_EQ(decode_words("(=?ISO-8859-1?Q?a?= =?ISO-8859-1?Q?b?=)"), "(ab)");
  EXPECT_EQ(decode_words("(=?ISO-8859-1?Q?a?=  =?ISO-8859-1?Q?b?=)"), "(ab)");
  EXPECT_EQ(decode_words("(=?ISO-8859-1?Q?a?=\r\n    =?ISO-8859-1?Q?b?=)"), "(ab)");
  EXPECT_EQ(decode_words("(=?ISO-8859-1?Q?a_b?=)"), "(a b)");
  EXPECT_EQ(decode_words("=?US-ASCII?Q?Keith_Moore?= <moore@cs.utk.edu>"), "Keith Moore <moore@cs.utk.edu>");
  EXPECT_EQ(decode_words("=?ISO-8859-1?Q?Keld_J=F8rn_Simonsen?="), "Keld J\xc3\xb8rn Simonsen");
}

TEST(EncodedWord, DecodingIgnoresCaseAndALanguageTag) {
  EXPECT_EQ(decode_words("=?utf-8?q?caf=c3=a9?="), "caf\xc3\xa9");
  EXPECT_EQ(decode_words("=?UTF-8*fr?b?Y2Fmw6k=?="), "caf\xc3\xa9");
}

TEST(EncodedWord, KeepsWhatDoesNotDecode) {
  for (const std::string_view kept : {"=?UTF-8?B?***?=", "=?KOI8-R?Q?abc?=", "=?UTF-8?X?abc?=", "=?UTF-8?Q?=ZZ?=",
                                      "=?UTF-8?B?/w==?=", "=?UTF-8?Q?a b?=", "=?broken", "plain =? text"}) {
    EXPECT_EQ(decode_words(kept), kept);
  }
  // Whitespace next to a word that stays is kept.
  EXPECT_EQ(decode_words("(=?ISO-8859-1?Q?a?= =?ISO-8859-2?Q?_b?=)"), "(a =?ISO-8859-2?Q?_b?=)");
}

}  // namespace
}  // namespace mailsim::client::mime

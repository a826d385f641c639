#include <gtest/gtest.h>

#include <string>

#include "common/mime/charset.hpp"
#include "common/mime/encoded_words.hpp"
#include "common/mime/message_parser.hpp"
#include "common/mime/params.hpp"
#include "common/mime/transfer_decoding.hpp"

namespace mailsim::mime {
namespace {

TEST(MimeEncodedWords, BAndQWords) {
  EXPECT_EQ(decode_header_text("=?utf-8?B?SGVsbG8gV29ybGQ=?="), "Hello World");
  EXPECT_EQ(decode_header_text("=?ISO-8859-1?Q?Caf=E9_au_lait?="), "Caf\xC3\xA9 au lait");
  EXPECT_EQ(decode_header_text("=?windows-1252?q?=80uro?="), "\xE2\x82\xACuro");
  EXPECT_EQ(decode_header_text("=?UTF-8*en?Q?hi?="), "hi");  // RFC 2231 language suffix
  EXPECT_EQ(decode_header_text("Re: =?utf-8?q?x?= done"), "Re: x done");
}

TEST(MimeEncodedWords, AdjacentWordsJoinWithoutTheBlanksBetween) {
  EXPECT_EQ(decode_header_text("=?utf-8?q?a?= =?utf-8?q?b?="), "ab");
  EXPECT_EQ(decode_header_text("=?utf-8?q?a?=\r\n =?utf-8?q?b?=  \t=?utf-8?b?Yw==?="), "abc");
  EXPECT_EQ(decode_header_text("=?utf-8?q?a?= b =?utf-8?q?c?="), "a b c");
  // a character split across two words still decodes
  EXPECT_EQ(decode_header_text("=?utf-8?Q?=C3?= =?utf-8?Q?=A9?="), "\xC3\xA9");
  // different charsets next to each other
  EXPECT_EQ(decode_header_text("=?iso-8859-1?q?=E9?= =?utf-8?q?=C3=A9?="), "\xC3\xA9\xC3\xA9");
}

TEST(MimeEncodedWords, BadWordsStayAsWritten) {
  EXPECT_EQ(decode_header_text("=?utf-8?X?abc?="), "=?utf-8?X?abc?=");
  EXPECT_EQ(decode_header_text("=?utf-8?q?unterminated"), "=?utf-8?q?unterminated");
  EXPECT_EQ(decode_header_text("plain = text ?="), "plain = text ?=");
  EXPECT_EQ(decode_header_text(""), "");
  // an unknown charset keeps the bytes
  EXPECT_EQ(decode_header_text("=?x-no-such-charset?q?abc?="), "abc");
}

TEST(MimeCharset, ConvertsToUtf8) {
  EXPECT_EQ(to_utf8("caf\xE9", "ISO-8859-1").text, "caf\xC3\xA9");
  EXPECT_EQ(to_utf8("\x80", "windows-1252").text, "\xE2\x82\xAC");
  EXPECT_EQ(to_utf8("\x80", "iso-8859-1").text, "\xE2\x82\xAC");  // read as windows-1252, as browsers do
  EXPECT_EQ(to_utf8("\xA4", "iso-8859-15").text, "\xE2\x82\xAC");
  EXPECT_EQ(to_utf8("\xC3\xA9", "UTF-8").text, "\xC3\xA9");
  EXPECT_EQ(to_utf8("\xC1", "koi8-r").text, "\xD0\xB0");
  EXPECT_TRUE(to_utf8("abc", "us-ascii").converted);
}

TEST(MimeCharset, InvalidAndUnknownAreMarked) {
  Utf8Text bad = to_utf8("a\xFF" "b", "utf-8");
  EXPECT_FALSE(bad.converted);
  EXPECT_EQ(bad.text, "a\xEF\xBF\xBD" "b");
  Utf8Text unknown = to_utf8("abc", "x-klingon");
  EXPECT_FALSE(unknown.converted);
  EXPECT_EQ(unknown.text, "abc");
  Utf8Text cut = to_utf8("\xE2\x82", "utf-8");  // truncated sequence
  EXPECT_FALSE(cut.converted);
}

TEST(MimeParams, Rfc2231ContinuationsMergedLikeDovecot) {
  ParamList p = parse_params(
      "; filename*1=\".txt\"; filename*0*=UTF-8''%E2%82%AC%20rates; size=10");
  ASSERT_EQ(p.items.size(), 2u);
  EXPECT_EQ(p.items[0].name, "size");  // plain ones first, merged after
  EXPECT_EQ(p.items[1].name, "filename*");
  EXPECT_EQ(p.items[1].value, "UTF-8''%E2%82%AC%20rates.txt");
  EXPECT_EQ(p.decoded("filename"), "\xE2\x82\xAC rates.txt");
  EXPECT_EQ(p.decoded("FILENAME"), "\xE2\x82\xAC rates.txt");
  EXPECT_EQ(p.decoded("size"), "10");
  EXPECT_FALSE(p.decoded("missing").has_value());
}

TEST(MimeParams, PlainContinuationsAndCharsets) {
  ParamList p = parse_params("; name*0=\"long file \"; name*1=\"name.txt\"");
  ASSERT_EQ(p.items.size(), 1u);
  EXPECT_EQ(p.items[0].name, "name");
  EXPECT_EQ(p.items[0].value, "long file name.txt");

  p = parse_params("; name*=iso-8859-1'fr'caf%E9.txt");
  EXPECT_EQ(p.decoded("name"), "caf\xC3\xA9.txt");

  // a plain segment after an encoded one keeps a literal '%'
  p = parse_params("; n*0*=utf-8''a%20; n*1=100%");
  EXPECT_EQ(p.items[0].value, "utf-8''a%20100%25");
  EXPECT_EQ(p.decoded("n"), "a 100%");
}

TEST(MimeParams, GapsAreKeptSeparateButStillDecoded) {
  ParamList p = parse_params("; f*0=a; f*2=c");
  ASSERT_EQ(p.items.size(), 2u);
  EXPECT_EQ(p.items[0].name, "f*0");
  EXPECT_EQ(p.items[1].name, "f*2");
  EXPECT_EQ(p.decoded("f"), "ac");
}

TEST(MimeParams, EncodedWordsInQuotedValuesAndBrokenInput) {
  ParamList p = parse_params("; name=\"=?utf-8?B?w6lt?=.pdf\"");
  EXPECT_EQ(p.decoded("name"), "\xC3\xA9m.pdf");
  p = parse_params("; name==?utf-8?q?x?=; other=1");
  EXPECT_EQ(p.decoded("name"), "x");
  EXPECT_EQ(p.decoded("other"), "1");
  // after a broken parameter Dovecot skips to the next ';' but one, and so do we
  p = parse_params("; a=1; broken; lost=yes; b=2; \"x\"=1");
  EXPECT_EQ(p.decoded("a"), "1");
  EXPECT_FALSE(p.decoded("lost").has_value());
  EXPECT_EQ(p.decoded("b"), "2");
  p = parse_params("");
  EXPECT_TRUE(p.items.empty());
}

TEST(MimeParams, ParsedFromARealMessage) {
  std::string raw =
      "MIME-Version: 1.0\r\n"
      "Content-Type: application/octet-stream;\r\n"
      " name*0*=utf-8''%C3%BCber;\r\n"
      " name*1*=%20lang.bin\r\n"
      "Content-Disposition: attachment;\r\n"
      " filename*0=\"very \"; filename*1=\"long.bin\"\r\n"
      "\r\n"
      "x";
  ParsedMessage m = parse_message(raw);
  EXPECT_EQ(m.root.content_type.params.decoded("name"), "\xC3\xBC" "ber lang.bin");
  ASSERT_TRUE(m.root.disposition.has_value());
  EXPECT_EQ(m.root.disposition->params.decoded("filename"), "very long.bin");
}

TEST(MimeTransferDecoding, Base64IsTolerant) {
  EXPECT_EQ(decode_base64_lenient("SGVs\r\nbG8=\r\n"), "Hello");
  EXPECT_EQ(decode_base64_lenient("SGVsbG8"), "Hello");           // missing padding
  EXPECT_EQ(decode_base64_lenient("S G!V*s\tbG8="), "Hello");      // junk skipped
  EXPECT_EQ(decode_base64_lenient("SGk=SGk="), "HiHi");            // concatenated blocks
  EXPECT_EQ(decode_base64_lenient("Q"), "");                       // a lone char carries no byte
  EXPECT_EQ(decode_base64_lenient(""), "");
}

TEST(MimeTransferDecoding, QuotedPrintable) {
  EXPECT_EQ(decode_quoted_printable("caf=E9 =3D ok\r\n"), "caf\xE9 = ok\r\n");
  EXPECT_EQ(decode_quoted_printable("soft=\r\nbreak=\nhere"), "softbreakhere");
  EXPECT_EQ(decode_quoted_printable("trailing   \r\nx"), "trailing\r\nx");
  EXPECT_EQ(decode_quoted_printable("lower=e9"), "lower\xE9");
  EXPECT_EQ(decode_quoted_printable("bad=ZZ and =4"), "bad=ZZ and =4");
  EXPECT_EQ(decode_quoted_printable("pad= \r\nnext"), "padnext");
  EXPECT_EQ(decode_quoted_printable("end="), "end");
}

TEST(MimeTransferDecoding, DecodeBodyUsesTheEntityEncoding) {
  std::string raw =
      "MIME-Version: 1.0\r\nContent-Transfer-Encoding: Quoted-Printable\r\n\r\na=3Db";
  ParsedMessage m = parse_message(raw);
  EXPECT_EQ(decode_body(m.root, raw), "a=b");
  raw = "MIME-Version: 1.0\r\nContent-Transfer-Encoding: x-uuencode\r\n\r\na=3Db";
  m = parse_message(raw);
  EXPECT_EQ(m.root.transfer_encoding(), TransferEncoding::unknown);
  EXPECT_EQ(decode_body(m.root, raw), "a=3Db");
}

}  // namespace
}  // namespace mailsim::mime

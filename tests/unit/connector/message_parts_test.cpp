#include "client/connector/message_parts.hpp"

#include <gtest/gtest.h>

namespace {

using namespace mailsim::client;

TEST(ExtractAttachments, DecodesEachAttachment) {
  const std::string raw =
      "Content-Type: multipart/mixed; boundary=x\r\n\r\n"
      "--x\r\nContent-Type: text/plain\r\n\r\nbody\r\n"
      "--x\r\nContent-Type: image/png\r\nContent-Disposition: attachment; filename=\"a.png\"\r\n"
      "Content-Transfer-Encoding: base64\r\n\r\naGVsbG8=\r\n"
      "--x\r\nContent-Type: text/csv; name=b.csv\r\nContent-Transfer-Encoding: quoted-printable\r\n"
      "Content-Disposition: attachment\r\n\r\na=3Db\r\n"
      "--x--\r\n";
  const auto parts = extract_attachments(raw);
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].filename, "a.png");
  EXPECT_EQ(parts[0].content_type, "image/png");
  EXPECT_EQ(parts[0].part, "2");
  EXPECT_EQ(parts[0].bytes, "hello");
  EXPECT_EQ(parts[1].bytes, "a=b");
}

TEST(ExtractAttachments, NoneInAPlainMessageOrGarbage) {
  EXPECT_TRUE(extract_attachments("Subject: x\r\n\r\nhello\r\n").empty());
  EXPECT_TRUE(extract_attachments(std::string(1000, '\0')).empty());
  EXPECT_TRUE(extract_attachments("").empty());
}

TEST(SafeFileName, KeepsOnlyTheLastComponent) {
  EXPECT_EQ(safe_file_name("report.pdf", "2"), "report.pdf");
  EXPECT_EQ(safe_file_name("../../etc/passwd", "2"), "passwd");
  EXPECT_EQ(safe_file_name("C:\\Users\\x\\evil.exe", "2"), "evil.exe");
  EXPECT_EQ(safe_file_name(".bashrc", "2"), "bashrc");
  EXPECT_EQ(safe_file_name("..", "3"), "part-3");
  EXPECT_EQ(safe_file_name("", "1.2"), "part-1.2");
  EXPECT_EQ(safe_file_name("a\nb\x01"
                           "c:d",
                           "1"),
            "a_b_c_d");
}

TEST(SafeFileName, IsBoundedWithoutSplittingUtf8) {
  std::string name;
  for (int i = 0; i < 150; ++i) name += "\xC3\xA9";  // é, two bytes each
  const auto safe = safe_file_name(name, "1");
  EXPECT_LE(safe.size(), 200u);
  EXPECT_EQ(safe.size() % 2, 0u);
}

}  // namespace

#include "client/mime/header_field.hpp"

#include <gtest/gtest.h>

#include "mime_test_reader.hpp"

namespace mailsim::client::mime {
namespace {

using testing::split_lines;

std::string unfold(std::string_view field) {
  std::string out(field.substr(0, field.size() - 2));
  for (auto at = out.find("\r\n"); at != std::string::npos; at = out.find("\r\n")) out.erase(at, 2);
  return out;
}

TEST(HeaderField, WritesAShortFieldOnOneLine) { EXPECT_EQ(fold_header("Subject", "hi"), "Subject: hi\r\n"); }

TEST(HeaderField, FoldsALongValueAtItsSpaces) {
  std::string value;
  for (int i = 0; i < 40; ++i) value += "word" + std::to_string(i) + " ";
  value.pop_back();
  const auto field = fold_header("Subject", value);
  EXPECT_TRUE(field.ends_with("\r\n"));
  const auto lines = split_lines(field);
  EXPECT_GT(lines.size(), 3u);
  for (const auto& line : lines) EXPECT_LE(line.size(), 78u) << line;
  for (std::size_t i = 1; i < lines.size(); ++i) EXPECT_EQ(lines[i][0], ' ');
  // Folding adds nothing: unfolding gives the field back.
  EXPECT_EQ(unfold(field), "Subject: " + value);
}

TEST(HeaderField, HonoursATighterLimit) {
  const std::string value = "=?UTF-8?B?" + std::string(60, 'A') + "?= =?UTF-8?B?" + std::string(60, 'B') + "?=";
  const auto field = fold_header("Subject", value, 76);
  for (const auto& line : split_lines(field)) EXPECT_LE(line.size(), 76u) << line;
  EXPECT_EQ(unfold(field), "Subject: " + value);
}

TEST(HeaderField, MayFoldRightAfterTheColon) {
  const std::string word(70, 'x');
  EXPECT_EQ(fold_header("X-Long-Field-Name", word), "X-Long-Field-Name:\r\n " + word + "\r\n");
}

TEST(HeaderField, KeepsARunWithoutSpacesWhole) {
  const std::string run(120, 'y');
  EXPECT_EQ(fold_header("X-Run", run), "X-Run:\r\n " + run + "\r\n");
}

TEST(HeaderField, NeverWritesALineOfOnlyWhitespace) {
  const std::string value = "a" + std::string(100, ' ') + std::string(70, 'b');
  const auto field = fold_header("Subject", value);
  for (const auto& line : split_lines(field)) {
    EXPECT_NE(line.find_first_not_of(" \t"), std::string::npos) << "blank continuation line";
  }
  EXPECT_EQ(unfold(field), "Subject: " + value);
}

TEST(HeaderField, SingleLineTurnsLineBreaksIntoOneSpace) {
  EXPECT_EQ(single_line("a\r\nb"), "a b");
  EXPECT_EQ(single_line("a\n\n\r\nb"), "a b");
  EXPECT_EQ(single_line("a\rb\nc"), "a b c");
  EXPECT_EQ(single_line("Hi\r\nBcc: evil@example.com"), "Hi Bcc: evil@example.com");
  EXPECT_EQ(single_line("plain"), "plain");
}

}  // namespace
}  // namespace mailsim::client::mime

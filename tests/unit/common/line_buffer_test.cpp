#include "common/net/line_buffer.hpp"

#include <gtest/gtest.h>

#include <string>

using mailsim::net::LineBuffer;

TEST(LineBuffer, SplitsCrlfLinesAcrossAppends) {
  LineBuffer buffer(100);
  buffer.append("EHLO cli");
  EXPECT_FALSE(buffer.next_line());
  buffer.append("ent\r\nNOOP\r");
  auto line = buffer.next_line();
  ASSERT_TRUE(line);
  EXPECT_EQ(line->text, "EHLO client");
  EXPECT_FALSE(line->bare_lf);
  EXPECT_FALSE(buffer.next_line());
  buffer.append("\n");
  line = buffer.next_line();
  ASSERT_TRUE(line);
  EXPECT_EQ(line->text, "NOOP");
}

TEST(LineBuffer, ReportsBareLf) {
  LineBuffer buffer(100);
  buffer.append("a\nb\r\n");
  auto a = buffer.next_line();
  ASSERT_TRUE(a);
  EXPECT_EQ(a->text, "a");
  EXPECT_TRUE(a->bare_lf);
  auto b = buffer.next_line();
  ASSERT_TRUE(b);
  EXPECT_FALSE(b->bare_lf);
}

TEST(LineBuffer, OverlongLineWithoutEndIsReportedOnceAndNotKept) {
  LineBuffer buffer(10);
  int reports = 0;
  // The reader's loop: append what arrived, then take lines.
  for (int i = 0; i < 1000; ++i) {
    buffer.append(std::string(100, 'x'));
    while (auto line = buffer.next_line()) {
      EXPECT_TRUE(line->too_long);
      ++reports;
    }
    EXPECT_LE(buffer.buffered(), 110u);  // memory stays bounded
  }
  EXPECT_EQ(reports, 1);
  buffer.append("zzz\r\nNEXT\r\n");
  auto next = buffer.next_line();
  ASSERT_TRUE(next);
  EXPECT_FALSE(next->too_long);
  EXPECT_EQ(next->text, "NEXT");
}

TEST(LineBuffer, OverlongLineWithEndInOneChunk) {
  LineBuffer buffer(5);
  buffer.append("0123456789\r\nok\r\n");
  auto first = buffer.next_line();
  ASSERT_TRUE(first);
  EXPECT_TRUE(first->too_long);
  auto second = buffer.next_line();
  ASSERT_TRUE(second);
  EXPECT_EQ(second->text, "ok");
}

TEST(LineBuffer, OverlongReportedBeforeEndArrivesThenResumes) {
  LineBuffer buffer(5);
  buffer.append("0123456789");
  auto report = buffer.next_line();
  ASSERT_TRUE(report);
  EXPECT_TRUE(report->too_long);
  EXPECT_FALSE(buffer.next_line());
  buffer.append("abc\r\nok\r\n");
  auto line = buffer.next_line();
  ASSERT_TRUE(line);
  EXPECT_FALSE(line->too_long);
  EXPECT_EQ(line->text, "ok");
}

TEST(LineBuffer, TakeRawReturnsLiteralBytes) {
  LineBuffer buffer(100);
  buffer.append("A1 APPEND {5}\r\nhel");
  auto line = buffer.next_line();
  ASSERT_TRUE(line);
  EXPECT_EQ(buffer.take_raw(5), "hel");
  buffer.append("lo\r\n");
  EXPECT_EQ(buffer.take_raw(2), "lo");
  auto end = buffer.next_line();
  ASSERT_TRUE(end);
  EXPECT_EQ(end->text, "");
}

TEST(LineBuffer, DiscardDropsPipelinedPlaintext) {
  LineBuffer buffer(100);
  buffer.append("STARTTLS\r\nMAIL FROM:<evil@x>\r\n");
  auto line = buffer.next_line();
  ASSERT_TRUE(line);
  EXPECT_EQ(line->text, "STARTTLS");
  buffer.discard();
  EXPECT_EQ(buffer.buffered(), 0u);
  EXPECT_FALSE(buffer.next_line());
}

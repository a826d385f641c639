#pragma once
// Internal to common/mime: the RFC 5322 / MIME token reader that structured
// header fields (Content-*, addresses) are parsed with. Its edge behaviour
// (what counts as LWSP, how a broken comment or quote ends a value) follows
// Dovecot's rfc822-parser so that our BODYSTRUCTURE and ENVELOPE match.
//
// Each reader returns -1 on broken input, 0 when the input is used up and 1
// when more input follows.
#include <cstddef>
#include <string>
#include <string_view>

namespace mailsim::mime::detail {

bool is_atext(unsigned char c);
// atext without the MIME tspecials '/', '=' and '?'.
bool is_token_char(unsigned char c);

class Rfc822Lexer {
 public:
  explicit Rfc822Lexer(std::string_view text) : text_(text) {}

  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return at_end() ? '\0' : text_[pos_]; }
  void advance() { ++pos_; }
  std::size_t pos() const { return pos_; }
  void set_pos(std::size_t p) { pos_ = p; }
  std::string_view rest() const { return text_.substr(pos_); }

  // Comments seen by skip_lwsp are recorded here when recording is on
  // (the last one wins), for "addr@host (Name)".
  void record_comments(bool on) { record_comments_ = on; }
  const std::string& last_comment() const { return last_comment_; }
  void clear_last_comment() { last_comment_.clear(); }

  int skip_lwsp();
  int skip_comment();
  int atom(std::string& out);
  int dot_atom(std::string& out);
  int mime_token(std::string& out);
  int quoted_string(std::string& out);
  int phrase(std::string& out);
  int domain(std::string& out);  // at '@'; domain literal kept with brackets
  // "type/subtype" into out; -1 when either half is missing.
  int content_type(std::string& out);
  // One "; name=value"; 0 at the end, -1 when broken.
  int content_param(std::string& name, std::string& value);

 private:
  int atom_or_dot(std::string& out);
  int domain_literal(std::string& out);

  std::string_view text_;
  std::size_t pos_ = 0;
  bool record_comments_ = false;
  std::string last_comment_;
};

}  // namespace mailsim::mime::detail

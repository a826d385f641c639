#include "common/mime/rfc822_lexer.hpp"

namespace mailsim::mime::detail {

namespace {

int more(const Rfc822Lexer& lx) { return lx.at_end() ? 0 : 1; }

}  // namespace

bool is_atext(unsigned char c) {
  if (c >= 0x80) return true;  // 8-bit bytes are taken as text, as real mail has them
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+':
    case '-': case '/': case '=': case '?': case '^': case '_': case '`': case '{':
    case '|': case '}': case '~':
      return true;
    default:
      return false;
  }
}

bool is_token_char(unsigned char c) { return is_atext(c) && c != '/' && c != '=' && c != '?'; }

int Rfc822Lexer::skip_comment() {
  // at '('; nested comments and quoted-pairs inside
  int level = 1;
  std::size_t start = ++pos_;
  std::string comment;
  for (; pos_ < text_.size(); ++pos_) {
    char c = text_[pos_];
    if (c == '(') {
      ++level;
    } else if (c == ')') {
      if (--level == 0) {
        comment.append(text_.substr(start, pos_ - start));
        if (record_comments_) last_comment_ = std::move(comment);
        ++pos_;
        return more(*this);
      }
    } else if (c == '\\') {
      comment.append(text_.substr(start, pos_ - start));
      start = pos_ + 1;
      if (++pos_ >= text_.size()) return -1;
    }
  }
  return -1;  // unclosed comment
}

int Rfc822Lexer::skip_lwsp() {
  while (pos_ < text_.size()) {
    char c = text_[pos_];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      ++pos_;
      continue;
    }
    if (c != '(') break;
    if (skip_comment() < 0) return -1;
  }
  return more(*this);
}

int Rfc822Lexer::atom(std::string& out) {
  if (at_end() || !is_atext(static_cast<unsigned char>(peek()))) return -1;
  std::size_t start = pos_;
  while (pos_ < text_.size() && is_atext(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  out.append(text_.substr(start, pos_ - start));
  return at_end() ? 0 : skip_lwsp();
}

int Rfc822Lexer::dot_atom(std::string& out) {
  // RFC 822 allowed blanks and comments around the dots, so they are skipped
  if (at_end() || !is_atext(static_cast<unsigned char>(peek()))) return -1;
  for (;;) {
    std::size_t start = pos_;
    while (pos_ < text_.size() && is_atext(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    out.append(text_.substr(start, pos_ - start));
    if (at_end()) return 0;
    int r = skip_lwsp();
    if (r <= 0) return r;
    if (peek() != '.') return 1;
    ++pos_;
    out.push_back('.');
    r = skip_lwsp();
    if (r <= 0) return -1;  // a dot ending the text is broken (Dovecot)
  }
}

int Rfc822Lexer::mime_token(std::string& out) {
  std::size_t start = pos_;
  while (pos_ < text_.size()) {
    unsigned char c = static_cast<unsigned char>(text_[pos_]);
    if (!is_token_char(c) && c != '.') break;
    ++pos_;
  }
  out.append(text_.substr(start, pos_ - start));
  return at_end() ? 0 : skip_lwsp();
}

int Rfc822Lexer::quoted_string(std::string& out) {
  // at '"'; folding inside is removed, quoted-pairs unescaped
  std::size_t start = ++pos_;
  for (; pos_ < text_.size(); ++pos_) {
    char c = text_[pos_];
    if (c == '"') {
      out.append(text_.substr(start, pos_ - start));
      ++pos_;
      return skip_lwsp();
    }
    if (c == '\n') {
      std::size_t len = pos_ - start;
      if (len > 0 && text_[start + len - 1] == '\r') --len;
      out.append(text_.substr(start, len));
      start = pos_ + 1;
    } else if (c == '\\') {
      if (++pos_ >= text_.size()) return -1;
      out.append(text_.substr(start, pos_ - start - 1));
      start = pos_;
    }
  }
  return -1;  // unclosed quote
}

int Rfc822Lexer::atom_or_dot(std::string& out) {
  std::size_t start = pos_;
  while (pos_ < text_.size()) {
    unsigned char c = static_cast<unsigned char>(text_[pos_]);
    if (!is_atext(c) && c != '.') break;
    ++pos_;
  }
  out.append(text_.substr(start, pos_ - start));
  return at_end() ? 0 : skip_lwsp();
}

int Rfc822Lexer::phrase(std::string& out) {
  // phrase = 1*word / obs-phrase; words are joined by one space
  if (at_end()) return 0;
  if (peek() == '.') return -1;
  for (;;) {
    int r = peek() == '"' ? quoted_string(out) : atom_or_dot(out);
    if (r <= 0) return r;
    unsigned char c = static_cast<unsigned char>(peek());
    if (!is_atext(c) && c != '"' && c != '.') break;
    out.push_back(' ');
  }
  return skip_lwsp();
}

int Rfc822Lexer::domain_literal(std::string& out) {
  std::size_t start = pos_;
  for (; pos_ < text_.size(); ++pos_) {
    char c = text_[pos_];
    if (c == '\\') {
      if (++pos_ >= text_.size()) break;
    } else if (c == ']') {
      ++pos_;
      out.append(text_.substr(start, pos_ - start));
      return skip_lwsp();
    }
  }
  return -1;
}

int Rfc822Lexer::domain(std::string& out) {
  ++pos_;  // '@'
  if (skip_lwsp() <= 0) return -1;
  if (peek() == '[') return domain_literal(out);
  return dot_atom(out);
}

int Rfc822Lexer::content_type(std::string& out) {
  if (skip_lwsp() <= 0) return -1;
  if (mime_token(out) <= 0) return -1;
  if (peek() != '/') return -1;
  ++pos_;
  if (skip_lwsp() <= 0) return -1;
  out.push_back('/');
  return mime_token(out);
}

int Rfc822Lexer::content_param(std::string& name, std::string& value) {
  name.clear();
  value.clear();
  if (at_end()) return 0;
  if (peek() != ';') return -1;
  ++pos_;
  if (skip_lwsp() <= 0) return -1;
  if (mime_token(name) <= 0) return -1;
  if (peek() != '=') return -1;
  ++pos_;
  int r = skip_lwsp();
  if (r <= 0) {
    // no value
  } else if (peek() == '"') {
    r = quoted_string(value);
  } else if (peek() == '=') {
    // broken mailers write name==?utf-8?b?...?= unquoted
    while (!at_end() && peek() != ';' && peek() != ' ' && peek() != '\t' && peek() != '\r' &&
           peek() != '\n') {
      value.push_back(peek());
      ++pos_;
    }
  } else {
    r = mime_token(value);
  }
  return r < 0 ? -1 : 1;
}

}  // namespace mailsim::mime::detail

#include "common/mime/address.hpp"

#include "common/mime/rfc822_lexer.hpp"

namespace mailsim::mime {

namespace {

// Follows Dovecot's message-address.c step by step (including where it
// gives up), since IMAP clients compare our ENVELOPE with Dovecot's.
class AddressParser {
 public:
  AddressParser(std::string_view value, std::size_t max) : lx_(value), max_(max) {
    lx_.record_comments(true);
  }

  std::vector<Address> run() {
    if (lx_.skip_lwsp() <= 0) return {};
    std::size_t budget = max_;
    while (budget-- > 0) {
      int r = address();
      if (r == 0) break;
      if (lx_.peek() != ',') break;
      lx_.advance();
      r = lx_.skip_lwsp();
      if (r <= 0) {
        if (r < 0) add_fixed();  // ends with garbage
        break;
      }
    }
    return std::move(out_);
  }

 private:
  void add() {
    if (out_.size() < max_ * 2 + 2) out_.push_back(std::move(cur_));
    cur_ = Address{};
  }

  void add_fixed() {
    if (!cur_.mailbox) cur_.mailbox = "MISSING_MAILBOX";
    if (!cur_.host || cur_.host->empty()) cur_.host = "MISSING_DOMAIN";
    add();
  }

  int local_part() {
    str_.clear();
    int r = lx_.peek() == '"' ? lx_.quoted_string(str_) : lx_.dot_atom(str_);
    if (r < 0) return -1;
    cur_.mailbox = str_;
    return r;
  }

  int domain() {
    str_.clear();
    int r = lx_.domain(str_);
    if (r < 0) return -1;
    cur_.host = str_;
    return r;
  }

  int route() {
    // obs-domain-list = "@" domain *(*(CFWS / ",") [CFWS] "@" domain)
    str_.clear();
    for (;;) {
      if (lx_.at_end()) return 0;
      if (lx_.peek() != '@') break;
      if (!str_.empty()) str_.push_back(',');
      str_.push_back('@');
      int r = lx_.domain(str_);
      if (r <= 0) return r;
      while (lx_.skip_lwsp() > 0 && lx_.peek() == ',') lx_.advance();
    }
    cur_.route = str_;
    return 1;
  }

  int angle_addr() {
    lx_.advance();  // '<'
    if (lx_.skip_lwsp() <= 0) return -1;
    if (lx_.peek() == '@') {
      if (route() > 0 && lx_.peek() == ':') {
        lx_.advance();
      } else {
        cur_.route = "INVALID_ROUTE";
        if (lx_.at_end()) return -1;
      }
      if (lx_.skip_lwsp() <= 0) return -1;
    }
    if (lx_.peek() != '>') {  // "<>" has neither part
      if (local_part() <= 0) return -1;
      if (lx_.peek() == '@' && domain() <= 0) return -1;
    }
    if (lx_.peek() != '>') return -1;
    lx_.advance();
    return lx_.skip_lwsp();
  }

  int name_addr() {
    std::string name;
    if (lx_.phrase(name) <= 0 || lx_.peek() != '<') return -1;
    if (!name.empty()) cur_.name = name;
    if (angle_addr() < 0) {
      cur_.host = "SYNTAX_ERROR";
      invalid_ = true;
    }
    return lx_.at_end() ? 0 : 1;
  }

  int addr_spec() {
    lx_.clear_last_comment();
    bool quoted = lx_.peek() == '"';
    int r = local_part();
    if (r <= 0) invalid_ = true;
    bool tried_domain = false;
    if (r != 0 && !lx_.at_end() && lx_.peek() == '@') {
      tried_domain = true;
      int r2 = domain();
      if (r2 <= 0) r = r2;
    }
    if (!lx_.last_comment().empty()) {
      cur_.name = lx_.last_comment();
    } else if (!tried_domain) {
      // "user" alone is a mailbox without domain, but "some words" are a
      // display name without any address
      std::string words = str_ + " ";
      std::size_t before = words.size();
      lx_.phrase(words);
      if (words.size() != before) {
        cur_.mailbox.reset();
        cur_.name = words;
      } else if (!quoted) {
        cur_.host = "";
      }
      invalid_ = true;
      r = -1;
    }
    return r;
  }

  int mailbox() {
    std::size_t start = lx_.pos();
    invalid_ = false;
    int r = name_addr();
    if (r < 0) {
      lx_.set_pos(start);
      r = addr_spec();
      if (invalid_ && !cur_.name && cur_.mailbox && !cur_.host) {
        cur_.name = std::move(cur_.mailbox);
        cur_.mailbox.reset();
      }
    }
    add_fixed();
    return r;
  }

  int group() {
    std::string name;
    if (lx_.phrase(name) <= 0 || lx_.peek() != ':') return -1;
    // from here on it is a group, however broken
    lx_.advance();
    int r = lx_.skip_lwsp();
    cur_.mailbox = name;
    add();  // group start: host NIL
    if (r > 0 && lx_.peek() != ';') {
      for (;;) {
        mailbox();  // a broken member does not end the group
        if (lx_.peek() != ',') break;
        lx_.advance();
        if (lx_.skip_lwsp() <= 0) {
          r = -1;
          break;
        }
      }
    }
    if (r >= 0) {
      if (lx_.peek() != ';') {
        r = -1;
      } else {
        lx_.advance();
        r = lx_.skip_lwsp();
      }
    }
    add();  // group end: all NIL
    return r == 0 ? 0 : 1;
  }

  int address() {
    std::size_t start = lx_.pos();
    int r = group();
    if (r < 0) {
      lx_.set_pos(start);
      cur_ = Address{};
      r = mailbox();
    }
    return r;
  }

  detail::Rfc822Lexer lx_;
  std::size_t max_;
  std::vector<Address> out_;
  Address cur_;
  bool invalid_ = false;
  std::string str_;
};

}  // namespace

std::string Address::addr_spec() const {
  if (!host || !mailbox) return {};
  return *mailbox + "@" + *host;
}

std::vector<Address> parse_address_list(std::string_view value, std::size_t max_addresses) {
  return AddressParser(value, max_addresses).run();
}

}  // namespace mailsim::mime

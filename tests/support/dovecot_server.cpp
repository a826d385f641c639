#include "support/dovecot_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <thread>

namespace mailsim::test {
namespace fs = std::filesystem;

std::uint16_t free_loopback_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(fd);
  return ntohs(address.sin_port);
}

namespace {

bool accepts_connections(std::uint16_t port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(port);
  const bool ok = connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  close(fd);
  return ok;
}

void own_by_dovecot(const fs::path& path) {
  const passwd* user = getpwnam("dovecot");
  if (!user) throw std::runtime_error("the dovecot system user is missing");
  for (auto& entry : fs::recursive_directory_iterator(path))
    if (chown(entry.path().c_str(), user->pw_uid, user->pw_gid) != 0) throw std::runtime_error("chown failed");
  if (chown(path.c_str(), user->pw_uid, user->pw_gid) != 0) throw std::runtime_error("chown failed");
}

}  // namespace

bool DovecotServer::available() { return have_program("/usr/sbin/dovecot"); }

DovecotServer::DovecotServer(DovecotOptions options) {
  const fs::path root = dir_.path();
  fs::permissions(root, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                            fs::perms::others_read | fs::perms::others_exec);
  fs::create_directories(root / "run");
  fs::create_directories(root / "state");
  fs::create_directories(root / "home");

  std::string passwd;
  for (const auto& [user, password] : options.users) passwd += user + ":{PLAIN}" + password + "\n";
  dir_.file("passwd", passwd);

  for (const auto& [user, messages] : options.inbox) {
    const fs::path maildir = root / "home" / user / "Maildir";
    fs::create_directories(maildir / "cur");
    fs::create_directories(maildir / "new");
    fs::create_directories(maildir / "tmp");
    int n = 0;
    for (const auto& raw : messages) {
      // Ascending timestamps in the names keep Dovecot's UID order = ours.
      const auto name = std::to_string(1700000000 + n) + ".M" + std::to_string(n) + ".mailsim:2,";
      std::ofstream(maildir / "cur" / name, std::ios::binary) << raw;
      ++n;
    }
  }
  own_by_dovecot(root / "home");

  port_ = free_loopback_port();
  const bool tls = options.implicit_tls || options.starttls;
  std::string ssl = "ssl = no\n";
  if (tls) {
    const auto cert = dir_.file("cert.pem", options.certificate_pem);
    const auto key = dir_.file("key.pem", options.private_key_pem);
    ssl = "ssl = yes\nssl_cert = <" + cert + "\nssl_key = <" + key + "\n";
  }
  const std::string r = root.string();
  std::string conf;
  conf += "base_dir = " + r + "/run\n";
  conf += "state_dir = " + r + "/state\n";
  conf += "log_path = " + r + "/dovecot.log\n";
  conf += "protocols = imap\nlisten = 127.0.0.1\n" + ssl;
  conf += "disable_plaintext_auth = no\nauth_mechanisms = plain login\n";
  conf += "mail_location = maildir:" + r + "/home/%u/Maildir\nfirst_valid_uid = 1\n";
  conf += "passdb {\n  driver = passwd-file\n  args = scheme=PLAIN username_format=%u " + r + "/passwd\n}\n";
  conf += "userdb {\n  driver = static\n  args = uid=dovecot gid=dovecot home=" + r + "/home/%u\n}\n";
  conf += "service imap-login {\n";
  conf += "  inet_listener imap {\n    address = 127.0.0.1\n    port = " +
          std::to_string(options.implicit_tls ? 0 : port_) + "\n  }\n";
  conf += "  inet_listener imaps {\n    address = 127.0.0.1\n    port = " +
          std::to_string(options.implicit_tls ? port_ : 0) + "\n    ssl = yes\n  }\n}\n";
  conf += "service stats {\n  unix_listener stats-reader {\n    mode = 0666\n  }\n"
          "  unix_listener stats-writer {\n    mode = 0666\n  }\n}\n";
  config_ = dir_.file("dovecot.conf", conf);

  const auto started = run({"/usr/sbin/dovecot", "-c", config_}, std::chrono::seconds(30));
  if (started.exit_code != 0) throw std::runtime_error("dovecot did not start: " + started.err);
  // The master binds before it daemonizes, but give a loaded machine a
  // bounded grace period before calling the start a failure.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!accepts_connections(port_)) {
    if (std::chrono::steady_clock::now() > deadline) throw std::runtime_error("dovecot is not listening: " + log());
    std::this_thread::yield();
  }
}

DovecotServer::~DovecotServer() { run({"/usr/bin/doveadm", "-c", config_, "stop"}, std::chrono::seconds(30)); }

std::string DovecotServer::log() const {
  std::ifstream in(dir_.path() + "/dovecot.log");
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace mailsim::test

#include "support/dovecot_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace mailsim::test {
namespace fs = std::filesystem;

namespace {

constexpr auto kStartTimeout = std::chrono::seconds(30);
constexpr int kStopTimeoutMs = 15'000;
// Another process may take the free port before Dovecot binds it.
constexpr int kBindAttempts = 5;

sockaddr_in loopback(std::uint16_t port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(port);
  return address;
}

bool accepts_connections(std::uint16_t port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  const sockaddr_in address = loopback(port);
  const bool ok = connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
  close(fd);
  return ok;
}

void own_by(const fs::path& path, const passwd& user) {
  for (auto& entry : fs::recursive_directory_iterator(path))
    if (chown(entry.path().c_str(), user.pw_uid, user.pw_gid) != 0)
      throw std::runtime_error("chown failed for " + entry.path().string());
  if (chown(path.c_str(), user.pw_uid, user.pw_gid) != 0) throw std::runtime_error("chown failed for " + path.string());
}

// Waits (without polling) until the process is gone; false on timeout.
bool wait_for_exit(int pid, int timeout_ms) {
  const int pidfd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
  if (pidfd < 0) return kill(pid, 0) != 0;  // already gone (or not ours to watch)
  pollfd exit_event{pidfd, POLLIN, 0};
  const bool exited = poll(&exit_event, 1, timeout_ms) > 0;
  close(pidfd);
  return exited;
}

}  // namespace

std::uint16_t free_loopback_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket() failed");
  sockaddr_in address = loopback(0);
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    close(fd);
    throw std::runtime_error("bind(127.0.0.1:0) failed");
  }
  socklen_t length = sizeof address;
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(fd);
  return ntohs(address.sin_port);
}

bool DovecotServer::available() {
  return have_program("/usr/sbin/dovecot") && getpwnam("dovecot") != nullptr && getpwnam("dovenull") != nullptr;
}

DovecotServer::DovecotServer(DovecotOptions options) {
  if (!available()) throw std::runtime_error("Dovecot (dovecot-imapd) is not installed: run ci/bootstrap");
  if (geteuid() != 0) throw std::runtime_error("Dovecot interop tests must run as root (Dovecot drops privileges)");
  const passwd* mail_user = getpwnam("dovecot");

  const fs::path root = dir_.path();
  // Dovecot's mail processes run as "dovecot" and must reach the homes.
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
    for (const char* sub : {"cur", "new", "tmp"}) fs::create_directories(maildir / sub);
    int n = 0;
    for (const auto& raw : messages) {
      // Ascending timestamps in the names keep Dovecot's UID order = ours.
      const auto name = std::to_string(1700000000 + n) + ".M" + std::to_string(n) + ".mailsim:2,";
      std::ofstream(maildir / "cur" / name, std::ios::binary) << raw;
      ++n;
    }
  }
  for (const auto& [user, password] : options.users) fs::create_directories(root / "home" / user / "Maildir");
  own_by(root / "home", *mail_user);

  std::string failure;
  for (int attempt = 0; attempt < kBindAttempts; ++attempt) {
    port_ = free_loopback_port();
    write_config(options);
    // The daemon inherits stdout and stderr: a file, not run()'s pipes,
    // which would otherwise stay open (and run() waiting) until it stops.
    const std::string start_log = dir_.path() + "/start.log";
    const auto started = run({"/bin/sh", "-c", "exec /usr/sbin/dovecot -c \"$0\" >\"$1\" 2>&1", config_, start_log},
                             kStartTimeout);
    if (started.exit_code == 0) {
      failure.clear();
      break;
    }
    std::ifstream in(start_log);
    const std::string said(std::istreambuf_iterator<char>(in), {});
    failure = "dovecot did not start (exit " + std::to_string(started.exit_code) + "): " + said + log();
    if (said.find("Address already in use") == std::string::npos) break;
  }
  if (!failure.empty()) throw std::runtime_error(failure);

  // The master listens before it daemonizes, so a connection works now.
  if (!accepts_connections(port_)) {
    stop();
    throw std::runtime_error("dovecot started but is not listening on " + std::to_string(port_) + ": " + log());
  }
}

void DovecotServer::write_config(const DovecotOptions& options) {
  const bool tls = options.implicit_tls || options.starttls;
  std::string ssl = "ssl = no\n";
  if (tls) {
    const auto cert = dir_.file("cert.pem", options.certificate_pem);
    const auto key = dir_.file("key.pem", options.private_key_pem);
    ssl = "ssl = yes\nssl_cert = <" + cert + "\nssl_key = <" + key + "\n";
  }
  const std::string r = dir_.path();
  std::string conf;
  conf += "base_dir = " + r + "/run\n";
  conf += "state_dir = " + r + "/state\n";
  conf += "log_path = " + r + "/dovecot.log\n";
  conf += "protocols = imap\nlisten = 127.0.0.1\n" + ssl;
  // Failed logins are answered at once: tests check them, nobody brute-forces.
  conf += "disable_plaintext_auth = no\nauth_mechanisms = plain login\nauth_failure_delay = 0\n";
  conf += "mail_location = maildir:" + r + "/home/%u/Maildir\nfirst_valid_uid = 1\n";
  // Tests need no durability; IDLE falls back to this when inotify is missing.
  conf += "mail_fsync = never\nmailbox_idle_check_interval = 1 secs\n";
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
}

void DovecotServer::stop() {
  int master_pid = -1;
  std::ifstream(dir_.path() + "/run/master.pid") >> master_pid;
  if (master_pid <= 0) return;
  // The master stops its mail processes before it exits; wait for that so
  // the folder is not removed under them.
  if (kill(master_pid, SIGTERM) == 0 && !wait_for_exit(master_pid, kStopTimeoutMs)) {
    kill(master_pid, SIGKILL);
    wait_for_exit(master_pid, kStopTimeoutMs);
  }
}

DovecotServer::~DovecotServer() { stop(); }

std::string DovecotServer::log() const {
  std::ifstream in(dir_.path() + "/dovecot.log");
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace mailsim::test

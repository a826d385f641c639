# Dovecot from a temporary config (never the system service), Maildir on
# tmpfs, user "bench" (password "bench"); like tests/support/dovecot_server.cpp.

# dovecot_start COUNT SIZE: sets DOVECOT_PORT and DOVECOT_DIR.
dovecot_start() {
  DOVECOT_DIR=$(mktemp -d /dev/shm/mailsim-bench-dovecot.XXXXXX)
  DOVECOT_PORT=$(free_port)
  local r=$DOVECOT_DIR
  chmod 755 "$r"
  mkdir -p "$r/run" "$r/state" "$r/home/bench"
  "$BIN/bench_make_maildir" "$r/home/bench/Maildir" "$1" "$2"
  chown -R dovecot:dovecot "$r/home"
  echo "bench:{PLAIN}bench" >"$r/passwd"
  cat >"$r/dovecot.conf" <<CONF
base_dir = $r/run
state_dir = $r/state
log_path = $r/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
mail_location = maildir:$r/home/%u/Maildir
first_valid_uid = 1
mail_fsync = never
# Past fs.inotify.max_user_instances (128) IDLE falls back to this poll.
mailbox_idle_check_interval = 1 secs
default_process_limit = 2500
default_client_limit = 5000
protocol imap {
  mail_max_userip_connections = 5000
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $r/passwd
}
userdb {
  driver = static
  args = uid=dovecot gid=dovecot home=$r/home/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $DOVECOT_PORT
  }
  inet_listener imaps {
    port = 0
  }
}
service stats {
  unix_listener stats-reader {
    mode = 0666
  }
  unix_listener stats-writer {
    mode = 0666
  }
}
CONF
  trap dovecot_stop EXIT  # a failing benchmark must not leave Dovecot running
  /usr/sbin/dovecot -c "$r/dovecot.conf" >"$r/start.log" 2>&1
  wait_port "$DOVECOT_PORT"
}

# Pids of Dovecot's per-session imap processes.
dovecot_imap_pids() { pgrep -x imap -P "$(cat "$DOVECOT_DIR/run/master.pid")" || true; }

dovecot_stop() {
  local pid
  pid=$(cat "$DOVECOT_DIR/run/master.pid" 2>/dev/null || true)
  if [[ -n $pid ]]; then
    kill "$pid"
    # Gone, or a zombie nobody reaps yet; at most 15 s.
    for _ in $(seq 150); do
      [[ $(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null || echo Z) == Z ]] && break
      sleep 0.1
    done
  fi
  rm -rf "$DOVECOT_DIR"
  trap - EXIT
}

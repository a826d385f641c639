# e, g. The mock IMAP server vs Dovecot (tmpfs Maildir), Python imaplib as
# the same client for both; memory of the mock's store vs raw bytes; 1,000
# sessions in IDLE, memory per session and time for new mail to reach all.

# imap_rates COUNT SIZE MODE...: "ours peer" figure pairs, one line per mode.
imap_rates() {
  local count=$1 size=$2
  shift 2
  serve_start imap --messages "$count" --size "$size"
  local ours
  ours=$(python3 "$BENCH_DIR/imap_load.py" "$SERVE_PORT" "$@")
  serve_stop
  dovecot_start "$count" "$size"
  python3 "$BENCH_DIR/imap_load.py" "$DOVECOT_PORT" "$@" >/dev/null  # Dovecot indexes the new Maildir
  local peer
  peer=$(python3 "$BENCH_DIR/imap_load.py" "$DOVECOT_PORT" "$@")
  dovecot_stop
  paste -d' ' <(echo "$ours") <(echo "$peer")
}

fetch_count=$(size 2000 10000)
read -r ours_small _ < <(imap_rates $((fetch_count / 10)) 10240 fetch)
read -r ours peer < <(imap_rates "$fetch_count" 10240 fetch)
row "mock IMAP FETCH BODY.PEEK[] 1:*, 10 KB" "$ours" msg/s "Dovecot (imaplib)" "$peer" ">=1.0" \
  "$((fetch_count / 10)): $ours_small/s, $fetch_count: $ours/s" "$fetch_count messages, one connection"

big=$(size 10000 100000)
{ read -r search_ours search_peer; read -r env_ours env_peer; } < <(imap_rates "$big" 10240 search envelope)
row "mock IMAP UID SEARCH SUBJECT" "$search_ours" search/s "Dovecot (imaplib)" "$search_peer" ">=1.0" "-" \
  "$big messages of 10 KB, median of 5"
row "mock IMAP FETCH 1:* ENVELOPE BODYSTRUCTURE" "$env_ours" msg/s "Dovecot (imaplib)" "$env_peer" ">=1.0" "-" \
  "$big messages"

# Memory: the mock's resident growth from seeding, vs the raw message bytes.
serve_start imap
empty=$(rss_kb "$SERVE_PID")
serve_stop
serve_start imap --messages "$big" --size 10240
held=$(rss_kb "$SERVE_PID")
serve_stop
row "mock IMAP memory holding messages" "$(((held - empty) / 1024))" MiB "raw bytes" \
  "$((big * 10240 / 1048576))" "<=1.3" "-" "$big messages of 10 KB"

# idle_run PORT N PIDS_COMMAND DELIVER_COMMAND: sets IDLE_KB (proportional
# set size of the server processes with N sessions idling) and IDLE_SECONDS.
idle_run() {
  local port=$1 n=$2 pids=$3 deliver=$4 fifo
  fifo=$(mktemp -u); mkfifo "$fifo.in" "$fifo.out"
  python3 "$BENCH_DIR/idle_load.py" "$port" "$n" <"$fifo.in" >"$fifo.out" & local client=$!
  # Read-write opens never block, and the reads time out, should the client die.
  exec {to}<>"$fifo.in" {from}<>"$fifo.out"
  read -r -t 300 _ <&"$from"
  IDLE_KB=0
  for p in $($pids); do IDLE_KB=$((IDLE_KB + $(awk '/^Pss:/ {print $2}' "/proc/$p/smaps_rollup"))); done
  echo go >&"$to"
  $deliver
  read -r -t 300 IDLE_SECONDS <&"$from"
  exec {to}>&- {from}<&-
  wait "$client"
  rm -f "$fifo.in" "$fifo.out"
}
mock_pid() { echo "$SERVE_PID"; }
mock_deliver() { serve_ask deliver >/dev/null; }
# Maildir delivery: written in tmp/, then renamed into new/.
dovecot_deliver() {
  local maildir=$DOVECOT_DIR/home/bench/Maildir name=1800000000.M1.bench
  cp "$(ls -d "$maildir"/cur/* | head -1)" "$maildir/tmp/$name"
  chown dovecot:dovecot "$maildir/tmp/$name"
  mv "$maildir/tmp/$name" "$maildir/new/$name"
}

sessions=$(size 200 1000)
ulimit -n 16384
serve_start imap --messages 10 --size 10240
base=$(awk '/^Pss:/ {print $2}' "/proc/$SERVE_PID/smaps_rollup")
idle_run "$SERVE_PORT" "$sessions" mock_pid mock_deliver
serve_stop
ours_kb=$(((IDLE_KB - base) / sessions)); ours_s=$IDLE_SECONDS
dovecot_start 10 10240
idle_run "$DOVECOT_PORT" "$sessions" dovecot_imap_pids dovecot_deliver
dovecot_stop
peer_kb=$((IDLE_KB / sessions))
row "mock IMAP memory per IDLE session" "$ours_kb" KiB "Dovecot imap process (PSS)" "$peer_kb" "<=0.1" "-" \
  "$sessions sessions"
row "mock IMAP new mail reaches all IDLE sessions" "$ours_s" s Dovecot "$IDLE_SECONDS" "<=1.0" "-" \
  "$sessions sessions"

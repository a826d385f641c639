# f. Our IMAP client fetching every message (10 KB each) from Dovecot, vs
# Python imaplib and curl on the same Dovecot. Ours and imaplib do the same
# load, timed from connect to LOGOUT: LOGIN, EXAMINE INBOX, UID SEARCH ALL,
# UID FETCH (UID BODY.PEEK[]) in batches of 500 UIDs (bench_imap_client
# pipelines two batches; bench/imaplib_fetch.py waits for each). curl can
# only fetch one message per command (URL glob, one connection).
# Messages/s, each client's own CPU, and Dovecot's CPU for the same session:
# Dovecot does the same work for either client, so when it needs more than a
# third of imaplib's time no client can be 3x faster than imaplib.
count=$(size 2000 10000)
dovecot_start "$count" 10240
python3 "$BENCH_DIR/imap_load.py" "$DOVECOT_PORT" fetch >/dev/null  # Dovecot indexes the new Maildir

# Dovecot's master reaps each session's imap and imap-login processes, so
# their CPU adds up in its cutime + cstime (clock ticks).
dovecot_children_ticks() { awk '{print $16 + $17}' "/proc/$(cat "$DOVECOT_DIR/run/master.pid")/stat"; }
# session OUT COMMAND...: runs it, its stdout into OUT; prints its user+sys
# seconds (whole process), then Dovecot's for the session, once the
# session's processes are reaped.
session() {
  local out=$1 before
  shift
  before=$(dovecot_children_ticks)
  /usr/bin/time -f "%U %S" -o "$WORK/time" "$@" >"$out" 2>/dev/null
  for _ in $(seq 100); do
    [[ -z $(dovecot_imap_pids) ]] && break
    sleep 0.05
  done
  awk -v d="$(($(dovecot_children_ticks) - before))" -v hz="$(getconf CLK_TCK)" '{print $1 + $2, d / hz}' "$WORK/time"
}
# Ours and imaplib print messages/s and their CPU seconds within the timed span.
session "$WORK/ours" "$BIN/bench_imap_client" 127.0.0.1 "$DOVECOT_PORT" bench bench >"$WORK/ours.session"
session "$WORK/imaplib" python3 "$BENCH_DIR/imaplib_fetch.py" "$DOVECOT_PORT" >"$WORK/imaplib.session"
start=$(now)
session /dev/null curl -sS -u bench:bench "imap://127.0.0.1:$DOVECOT_PORT/INBOX/;MAILINDEX=[1-$count]" >"$WORK/curl.session"
curl_rate=$(rate "$count" "$(elapsed "$start")")
dovecot_stop
read -r ours ours_cpu <"$WORK/ours"
read -r imaplib imaplib_cpu <"$WORK/imaplib"
read -r _ dovecot_ours_cpu <"$WORK/ours.session"
read -r _ dovecot_imaplib_cpu <"$WORK/imaplib.session"
read -r curl_cpu _ <"$WORK/curl.session"
row "our IMAP client fetching all, 10 KB" "$ours" msg/s "Python imaplib" "$imaplib" ">=3" "-" \
  "$count messages from Dovecot, same commands, connect to LOGOUT"
row "our IMAP client fetching all, 10 KB" "$ours" msg/s "curl" "$curl_rate" ">=3" "-" \
  "curl: one FETCH per message (URL glob), one connection"
row "our IMAP client CPU for the same fetch" "$ours_cpu" s "Python imaplib" "$imaplib_cpu" "<=0.333" "-" \
  "user+sys within the timed span; not an issue target: the client side alone"
row "our IMAP client CPU for the same fetch" "$ours_cpu" s "curl (whole process)" "$curl_cpu" "<=0.333" "-" "user+sys"
row "Dovecot CPU serving the same fetch" "$dovecot_ours_cpu" s "imaplib's own CPU" "$imaplib_cpu" "-" "-" \
  "Dovecot's imap+login for our session (imaplib's: $dovecot_imaplib_cpu s); above 0.333 no client can be 3x imaplib"

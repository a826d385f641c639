# f. Our IMAP client fetching every message (10 KB each) from Dovecot, vs
# Python imaplib and curl on the same Dovecot. Messages/s, and the clients'
# own CPU time: when Dovecot is what limits the rate, that is where they differ.
count=$(size 2000 10000)
dovecot_start "$count" 10240
python3 "$BENCH_DIR/imap_load.py" "$DOVECOT_PORT" fetch >/dev/null  # Dovecot indexes the new Maildir

# cpu_of OUT COMMAND...: runs it, its stdout into OUT; prints user+sys seconds.
cpu_of() {
  local out=$1
  shift
  /usr/bin/time -f "%U %S" -o "$WORK/time" "$@" >"$out" 2>/dev/null
  awk '{print $1 + $2}' "$WORK/time"
}
ours_cpu=$(cpu_of "$WORK/ours" "$BIN/bench_imap_client" 127.0.0.1 "$DOVECOT_PORT" bench bench)
imaplib_cpu=$(cpu_of "$WORK/imaplib" python3 "$BENCH_DIR/imap_load.py" "$DOVECOT_PORT" fetch)
start=$(now)
curl_cpu=$(cpu_of /dev/null curl -sS -u bench:bench "imap://127.0.0.1:$DOVECOT_PORT/INBOX/;MAILINDEX=[1-$count]")
curl_rate=$(rate "$count" "$(elapsed "$start")")
dovecot_stop
ours=$(cat "$WORK/ours")
row "our IMAP client fetching all, 10 KB" "$ours" msg/s "Python imaplib" "$(cat "$WORK/imaplib")" ">=3" "-" \
  "$count messages from Dovecot; ours includes login"
row "our IMAP client fetching all, 10 KB" "$ours" msg/s "curl" "$curl_rate" ">=3" "-" \
  "curl: one FETCH per message (URL glob), one connection"
row "our IMAP client CPU for the same fetch" "$ours_cpu" s "Python imaplib" "$imaplib_cpu" "<=0.333" "-" \
  "user+sys; not an issue target: shows the client side alone"
row "our IMAP client CPU for the same fetch" "$ours_cpu" s "curl" "$curl_cpu" "<=0.333" "-" "user+sys"

# c. Our SMTP client: 5,000 messages of 2 KB over one connection to
# smtp-sink (PIPELINING offered), vs smtp-source and Python smtplib.
count=$(size 5000 5000)
port=$(free_port)
/usr/sbin/smtp-sink -u nobody "127.0.0.1:$port" 256 & sink_pid=$!
wait_port "$port"
ours_small=$("$BIN/bench_smtp_client" 127.0.0.1 "$port" $((count / 10)) 2048)
ours=$("$BIN/bench_smtp_client" 127.0.0.1 "$port" "$count" 2048)
start=$(now)
/usr/sbin/smtp-source -d -s 1 -m "$count" -l 2048 -f sender@example.com -t bench@example.com "127.0.0.1:$port"
source_rate=$(rate "$count" "$(elapsed "$start")")
smtplib_rate=$(python3 "$BENCH_DIR/smtplib_send.py" "$port" "$count" 2048)
kill "$sink_pid"; wait "$sink_pid" 2>/dev/null || true
growth="$((count / 10)): $ours_small/s, $count: $ours/s"
row "our SMTP client, 1 connection, 2 KB" "$ours" msg/s smtp-source "$source_rate" ">=1.5" "$growth" "$count messages to smtp-sink"
row "our SMTP client, 1 connection, 2 KB" "$ours" msg/s "Python smtplib" "$smtplib_rate" ">=10" "$growth" "$count messages"

# a. Start + stop of the SMTP, IMAP and OAuth mocks in-process vs
# `python3 -m aiosmtpd` to its first 220 (medians).
runs=$(size 5 15)
ours=$("$BIN/bench_start_stop" --benchmark_repetitions="$runs" --benchmark_report_aggregates_only=true \
  --benchmark_format=json | python3 -c '
import json, sys
for b in json.load(sys.stdin)["benchmarks"]:
    if b.get("aggregate_name") == "median": print(round(b["real_time"], 3))')
port=$(free_port)
peer=$(python3 "$BENCH_DIR/first_banner.py" "$runs" "$port" /usr/bin/python3 -m aiosmtpd -n \
  -c aiosmtpd.handlers.Sink -l "127.0.0.1:$port")
row "start+stop SMTP+IMAP+OAuth mocks (median)" "$ours" ms "aiosmtpd to first 220" "$peer" "<=0.02" "-" \
  "$runs runs each"
row "start+stop SMTP+IMAP+OAuth mocks, absolute" "$ours" ms "-" "-" "<=5" "-" "median"

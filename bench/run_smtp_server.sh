# b. The mock SMTP server under Postfix smtp-source (10 sessions, 2 KB
# messages), persistent connections (-d) and one message per connection, vs
# smtp-sink and aiosmtpd under the same load. Messages/s.

# source_rate PORT COUNT ARGS...: messages/s smtp-source achieved.
source_rate() {
  local port=$1 count=$2 start
  shift 2
  start=$(now)
  /usr/sbin/smtp-source "$@" -s 10 -m "$count" -l 2048 -f sender@example.com -t bench@example.com \
    "127.0.0.1:$port" >/dev/null
  rate "$count" "$(elapsed "$start")"
}

# ours COUNT ARGS...: the mock's rate; checks that it captured every message.
ours() {
  local count=$1 r captured
  serve_start smtp
  r=$(source_rate "$SERVE_PORT" "$count" "${@:2}")
  captured=$(serve_ask count)
  serve_stop
  [[ $captured == "$count" ]] || { echo "bench: mock captured $captured of $count" >&2; return 1; }
  echo "$r"
}

sink() {
  local port r pid
  port=$(free_port)
  /usr/sbin/smtp-sink -u nobody "127.0.0.1:$port" 256 & pid=$!
  wait_port "$port"
  r=$(source_rate "$port" "$@")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "$r"
}

aiosmtpd() {
  local port r pid
  port=$(free_port)
  /usr/bin/python3 -m aiosmtpd -n -c aiosmtpd.handlers.Sink -l "127.0.0.1:$port" & pid=$!
  wait_port "$port"
  r=$(source_rate "$port" "$@")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "$r"
}

total=$(size 10000 200000)
small=$((total / 10))
ours_small=$(ours "$small" -d)
ours_total=$(ours "$total" -d)
growth="$small: $ours_small/s, $total: $ours_total/s"
row "mock SMTP 10 sessions, persistent, 2 KB" "$ours_total" msg/s smtp-sink "$(sink "$total" -d)" ">=1.0" "$growth" \
  "$total messages, all captured"
row "mock SMTP 10 sessions, persistent, 2 KB" "$ours_total" msg/s aiosmtpd "$(aiosmtpd "$total" -d)" ">=8" "$growth" \
  "$total messages"

per_connection=$(size 3000 20000)
ours_conn=$(ours "$per_connection")
row "mock SMTP one message per connection" "$ours_conn" msg/s smtp-sink "$(sink "$per_connection")" ">=1.0" "-" \
  "$per_connection connections, 10 at a time"
row "mock SMTP one message per connection" "$ours_conn" msg/s aiosmtpd "$(aiosmtpd "$per_connection")" ">=8" "-" \
  "$per_connection connections"

# STARTTLS, one message per connection: smtp-source has no TLS, so the load
# is bench/starttls_load.py (smtplib, several processes) against the mock and
# aiosmtpd, both with a P-256 certificate. smtp-sink has no TLS: no ratio.
tls_processes=4
tls_count=$(size 600 4000)
starttls_ours() {
  local r captured
  serve_start smtp --security starttls
  r=$(/usr/bin/python3 "$BENCH_DIR/starttls_load.py" 127.0.0.1 "$SERVE_PORT" "$tls_count" "$tls_processes")
  captured=$(serve_ask count)
  serve_stop
  [[ $captured == "$tls_count" ]] || { echo "bench: mock captured $captured of $tls_count" >&2; return 1; }
  echo "$r"
}
starttls_aiosmtpd() {
  local port r pid
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=localhost \
    -keyout "$WORK/aiosmtpd.key" -out "$WORK/aiosmtpd.crt" 2>/dev/null
  port=$(free_port)
  /usr/bin/python3 -m aiosmtpd -n -c aiosmtpd.handlers.Sink -l "127.0.0.1:$port" \
    --tlscert "$WORK/aiosmtpd.crt" --tlskey "$WORK/aiosmtpd.key" & pid=$!
  wait_port "$port"
  r=$(/usr/bin/python3 "$BENCH_DIR/starttls_load.py" 127.0.0.1 "$port" "$tls_count" "$tls_processes")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "$r"
}
ours_tls=$(starttls_ours)
row "mock SMTP one message per connection, STARTTLS" "$ours_tls" msg/s aiosmtpd "$(starttls_aiosmtpd)" ">=8" "-" \
  "$tls_count connections, smtplib from $tls_processes processes (smtp-source has no TLS)"
row "mock SMTP one message per connection, STARTTLS" "-" msg/s smtp-sink "-" ">=1.0" "-" \
  "n/a: smtp-sink has no TLS (our figure is in the aiosmtpd row)"

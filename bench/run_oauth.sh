# d. The OAuth mock's token endpoint under wrk (20 connections,
# client_credentials) vs npm oauth2-mock-server (RS256 JWTs); RS256 against
# the machine's RSA-2048 signing limit (openssl speed, all cores).
duration=$(size 5 20)
node_dir=${MAILSIM_BENCH_NODE_DIR:-$HOME/.cache/mailsim/bench-node}

# wrk_rate PORT: requests/s; fails when any answer was not 2xx.
wrk_rate() {
  local out
  out=$(wrk -t2 -c20 -d"${duration}s" -s "$BENCH_DIR/token_post.lua" "http://127.0.0.1:$1")
  if grep -q "Non-2xx" <<<"$out"; then echo "bench: wrk saw errors: $out" >&2; return 1; fi
  awk '/^Requests\/sec:/ {print $2}' <<<"$out"
}

ours() {
  local r
  serve_start oauth --format "$1" --threads "${2:-4}"
  r=$(wrk_rate "$SERVE_PORT")
  serve_stop
  echo "$r"
}

port=$(free_port)
node "$node_dir/node_modules/oauth2-mock-server/dist/oauth2-mock-server.mjs" -a 127.0.0.1 -p "$port" >/dev/null &
node_pid=$!
wait_port "$port"
peer=$(wrk_rate "$port")
kill "$node_pid"; wait "$node_pid" 2>/dev/null || true

opaque=$(ours opaque)
jwt=$(ours jwt)
row "mock OAuth /token, opaque tokens" "$opaque" req/s oauth2-mock-server "$peer" ">=5" "-" "wrk 20 connections, ${duration}s"
row "mock OAuth /token, RS256 JWTs" "$jwt" req/s oauth2-mock-server "$peer" ">=5" "-" "wrk 20 connections"
signs=$(openssl speed -multi "$(nproc)" -seconds "$(size 2 10)" rsa2048 2>/dev/null |
  awk '/^rsa 2048 bits/ {print $(NF-1)}' | tail -1)
row "mock OAuth /token, RS256 JWTs" "$jwt" req/s "openssl speed rsa2048 sign/s" "$signs" ">=0.8" "-" \
  "$(nproc) cores"

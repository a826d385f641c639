# d. The OAuth mock's token endpoint under wrk (20 connections,
# client_credentials) vs npm oauth2-mock-server (RS256 JWTs); RS256 against
# the machine's RSA-2048 signing limit (openssl speed, all cores).
duration=$(size 5 20)
cores=$(nproc)
node_dir=${MAILSIM_BENCH_NODE_DIR:-$HOME/.cache/mailsim/bench-node}

# wrk_run PORT: wrk's report; fails when any answer was not 2xx.
wrk_run() {
  local out
  out=$(wrk -t2 -c20 -d"${duration}s" -s "$BENCH_DIR/token_post.lua" "http://127.0.0.1:$1")
  if grep -q "Non-2xx" <<<"$out"; then echo "bench: wrk saw errors: $out" >&2; return 1; fi
  echo "$out"
}
requests_per_second() { awk '/^Requests\/sec:/ {print $2}' <<<"$1"; }
requests() { awk '/ requests in / {print $1}' <<<"$1"; }
# cpu_seconds PID: the user + system CPU time the process has used.
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) / hz}' "/proc/$1/stat"; }

# ours FORMAT ALG: "requests/s CPU-milliseconds-per-request" of bench_serve,
# with one worker thread per core (more only take turns on the same cores).
ours() {
  local out before after
  serve_start oauth --format "$1" --alg "$2" --threads "$cores"
  before=$(cpu_seconds "$SERVE_PID")
  out=$(wrk_run "$SERVE_PORT")
  after=$(cpu_seconds "$SERVE_PID")
  serve_stop
  echo "$(requests_per_second "$out") $(python3 -c "import sys; a, b, n = map(float, sys.argv[1:]); print(round(1000 * (b - a) / n, 3))" "$before" "$after" "$(requests "$out")")"
}

port=$(free_port)
node "$node_dir/node_modules/oauth2-mock-server/dist/oauth2-mock-server.mjs" -a 127.0.0.1 -p "$port" >/dev/null &
node_pid=$!
wait_port "$port"
peer=$(requests_per_second "$(wrk_run "$port")")
kill "$node_pid"; wait "$node_pid" 2>/dev/null || true

read -r opaque _ <<<"$(ours opaque RS256)"
read -r es256 _ <<<"$(ours jwt ES256)"
read -r rs256 rs256_cpu_ms <<<"$(ours jwt RS256)"
row "mock OAuth /token, opaque tokens" "$opaque" req/s oauth2-mock-server "$peer" ">=5" "-" "wrk 20 connections, ${duration}s"
row "mock OAuth /token, ES256 JWTs" "$es256" req/s oauth2-mock-server "$peer" ">=5" "-" "wrk 20 connections"
row "mock OAuth /token, RS256 JWTs" "$rs256" req/s oauth2-mock-server "$peer" "-" "-" "wrk 20 connections; no target (RS256 is judged against openssl below)"
# openssl speed -multi divides by wall-clock time: what all cores give under
# the load of the moment. Alone it divides by its CPU time: the CPU cost of
# one signature, which the mock's CPU per token is compared with (the
# mock shares the cores with wrk and the machine's other load).
signs=$(openssl speed -multi "$cores" -seconds "$(size 2 10)" rsa2048 2>/dev/null |
  awk '/^rsa 2048 bits/ {print $(NF-1)}' | tail -1)
sign_cpu_ms=$(openssl speed -seconds "$(size 2 10)" rsa2048 2>/dev/null |
  awk '/^rsa 2048 bits/ {printf "%.3f", 1000 / $(NF-1)}' | tail -1)
row "mock OAuth /token, RS256 JWTs" "$rs256" req/s "openssl speed rsa2048 sign/s" "$signs" ">=0.8" "-" \
  "$cores cores"
row "  same, CPU per token" "$rs256_cpu_ms" ms "openssl CPU ms per sign" "$sign_cpu_ms" "<=1.25" "-" \
  "mock user+system CPU / tokens; 1.25 = 1/0.8"

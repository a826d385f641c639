#!/usr/bin/env bash
# Installs the benchmark peers from Debian and npm when missing. Peers are run
# by the benchmarks from their own temporary configs, never as services.
set -euo pipefail

packages=(libbenchmark-dev postfix wrk python3-aiosmtpd dovecot-imapd curl openssl python3)
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "bench: installing ${missing[*]}"
  [[ $(id -u) -eq 0 ]] || { echo "bench: must run as root to install packages" >&2; exit 1; }
  export DEBIAN_FRONTEND=noninteractive
  # Only postfix's smtp-source and smtp-sink are used: no mail system is set up.
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  policy=/usr/sbin/policy-rc.d
  if [[ ! -e $policy ]]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy"
    chmod +x "$policy"
    trap 'rm -f "$policy"' EXIT
  fi
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

node_dir=${MAILSIM_BENCH_NODE_DIR:-$HOME/.cache/mailsim/bench-node}
version=8.2.3  # the newest that runs on Debian's node 20
if [[ ! -f "$node_dir/node_modules/oauth2-mock-server/package.json" ]] ||
   ! grep -q "\"version\": \"$version\"" "$node_dir/node_modules/oauth2-mock-server/package.json"; then
  echo "bench: installing oauth2-mock-server $version into $node_dir"
  mkdir -p "$node_dir"
  npm install --prefix "$node_dir" --no-audit --no-fund --loglevel=error "oauth2-mock-server@$version"
fi

#!/bin/sh
# curl as an outside mail client for `run` steps: SMTP send or IMAP fetch.
#
#   sh "$MAILSIM_ADAPTERS/curl_mail.sh" send  --server mx --security starttls --user alice --password-env ALICE_PASSWORD
#   sh "$MAILSIM_ADAPTERS/curl_mail.sh" fetch --server imap --security ssl_tls --user alice --password-env ALICE_PASSWORD
#
# Options: --server NAME (port from MAILSIM_<NAME>_PORT) or --port PORT; --host (localhost);
#   --security none|starttls|ssl_tls (smtp:// or imap:// with --ssl-reqd, smtps:// or imaps://);
#   --user U with --password-env VAR (basic) or --token-env VAR / --token-file PATH (XOAUTH2);
#   --login-options OPTS (curl's, e.g. AUTH=LOGIN); --ca-file F (default $MAILSIM_CA_FILE);
#   --no-ca-file (trust only the system CAs); send: --from, --to, --subject; fetch: --folder.
#
# Prints one line: `sent` / `fetched N`, or `error curl CODE <curl's message>`
# and then exits with curl's own exit code (60: certificate not trusted or
# expired, 35: TLS handshake, 7: connection refused, 55/56: the server refused or
# closed, 67: login denied), so a scenario can check `exit_code: 60`.
# Usage errors print `error usage ...` and exit 2.
#
# Credentials never reach curl's argv (which `ps` shows) nor the output: they
# go through a config file (-K) made with mode 0600 in a private temp folder.
set -u

usage() { echo "error usage $*"; exit 2; }

mode=${1:-}; [ $# -gt 0 ] && shift
case $mode in send|fetch) ;; *) usage "first argument is send or fetch";; esac

server= host= port= security=none user= password_env= token_env= token_file= login_options=
ca_file=${MAILSIM_CA_FILE:-} from=curl@example.com to=ops@example.com subject="sent by curl" folder=INBOX
while [ $# -gt 0 ]; do
  [ $# -ge 2 ] || [ "$1" = --no-ca-file ] || usage "$1 needs a value"
  case $1 in
    --server) server=$2;; --host) host=$2;; --port) port=$2;; --security) security=$2;;
    --user) user=$2;; --password-env) password_env=$2;; --token-env) token_env=$2;; --token-file) token_file=$2;;
    --login-options) login_options=$2;; --ca-file) ca_file=$2;; --no-ca-file) ca_file=; shift; continue;;
    --from) from=$2;; --to) to=$2;; --subject) subject=$2;; --folder) folder=$2;;
    *) usage "unknown option $1";;
  esac
  shift 2
done

# The endpoint: MAILSIM_<SERVER>_PORT / _HOST are set by the run step.
if [ -n "$server" ]; then
  prefix=MAILSIM_$(printf '%s' "$server" | tr 'a-z.-' 'A-Z__')
  [ -n "$port" ] || port=$(printenv "${prefix}_PORT") || usage "${prefix}_PORT is not set: is '$server' a server of the scenario?"
  [ -n "$host" ] || host=$(printenv "${prefix}_HOST") || host=
fi
[ -n "$port" ] || usage "give --server NAME or --port PORT"
host=${host:-localhost}

case $mode:$security in
  send:none) url=smtp://$host:$port;;   send:starttls) url=smtp://$host:$port;  tls=--ssl-reqd;;
  send:ssl_tls) url=smtps://$host:$port;;
  fetch:none) url=imap://$host:$port;;  fetch:starttls) url=imap://$host:$port; tls=--ssl-reqd;;
  fetch:ssl_tls) url=imaps://$host:$port;;
  *) usage "--security is none, starttls or ssl_tls";;
esac

# Private config file for curl: options with secrets in it stay out of argv.
dir=$(mktemp -d) || exit 2
trap 'rm -rf "$dir"' EXIT
config=$dir/curl.config
( umask 077; : >"$config" )
quote() { printf '"%s"' "$(printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g')"; }
if [ -n "$password_env" ]; then
  password=$(printenv "$password_env") || usage "the environment variable $password_env is not set"
  [ -n "$user" ] || usage "--password-env needs --user"
  echo "user = $(quote "$user:$password")" >>"$config"
elif [ -n "$token_env$token_file" ]; then
  if [ -n "$token_env" ]; then token=$(printenv "$token_env") || usage "the environment variable $token_env is not set"
  else token=$(cat "$token_file" 2>/dev/null) || usage "cannot read the token file"; fi
  [ -n "$user" ] || usage "XOAUTH2 needs --user"
  echo "user = $(quote "$user:")" >>"$config"
  echo "oauth2-bearer = $(quote "$token")" >>"$config"
  [ -n "$login_options" ] || login_options="AUTH=XOAUTH2"
fi
[ -n "$login_options" ] && echo "login-options = $(quote "$login_options")" >>"$config"
[ -n "$ca_file" ] && echo "cacert = $(quote "$ca_file")" >>"$config"

# Fails with curl's exit code and the first line of its message (never a secret:
# curl's errors name the step and the server's reply, not the credentials).
run_curl() {
  "$@" 2>"$dir/err"
  rc=$?
  if [ $rc -ne 0 ]; then
    message=$(sed -n 's/^curl: ([0-9]*) //p' "$dir/err" | head -n 1)
    echo "error curl $rc ${message:-$(head -n 1 "$dir/err")}"
    exit $rc
  fi
}

if [ "$mode" = send ]; then
  printf 'From: <%s>\r\nTo: <%s>\r\nSubject: %s\r\n\r\nhello from curl\r\n' "$from" "$to" "$subject" >"$dir/mail"
  run_curl curl --silent --show-error -K "$config" ${tls:-} --url "$url" \
    --mail-from "$from" --mail-rcpt "$to" --upload-file "$dir/mail"
  echo sent
else
  # UID SEARCH ALL prints "* SEARCH 1 2 3"; then one fetch per UID.
  run_curl curl --silent --show-error -K "$config" ${tls:-} --url "$url/$folder" -X "UID SEARCH ALL" -o "$dir/search"
  uids=$(sed -n 's/^\* SEARCH//p' "$dir/search" | tr -d '\r')
  n=0
  for uid in $uids; do
    run_curl curl --silent --show-error -K "$config" ${tls:-} --url "$url/$folder;UID=$uid" -o "$dir/message"
    n=$((n + 1))
  done
  echo "fetched $n"
fi

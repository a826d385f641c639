"""Shared helpers for the Python adapters (smtplib_send.py, imaplib_fetch.py).

Standard library only; run the adapters with /usr/bin/python3 (Debian's
python3, installed by ci/bootstrap), never a virtualenv's.

An adapter is an outside client driven by a scenario's `run` step. It takes
its endpoint from the environment the step sets (MAILSIM_<SERVER>_PORT,
MAILSIM_CA_FILE, MAILSIM_OAUTH_TOKEN_URL, MAILSIM_OAUTH_CLIENT_ID, ...) or
from arguments, and prints ONE result line on stdout:

    sent 3                    fetched 2
    error 421 4.7.0 Try again later, closing connection.; sent 2 of 3
    error tls certificate has expired
    error oauth HTTP 401 invalid_client

Exit codes (shared by every adapter, so scenarios can check `exit_code`):
    0 success, 1 the server refused (a reply code or an IMAP NO/BAD/BYE),
    2 bad usage, 3 TLS failure (certificate or handshake), 4 connection
    refused or lost, 5 the OAuth token endpoint refused.

Secrets (passwords, client secrets, tokens) are never printed: they are read
from the environment or a file, and every printed line goes through
`redact()` as a last line of defence.
"""

import base64
import json
import os
import socket
import ssl
import sys
import urllib.error
import urllib.parse
import urllib.request

EXIT_OK, EXIT_REFUSED, EXIT_USAGE, EXIT_TLS, EXIT_CONNECTION, EXIT_OAUTH = 0, 1, 2, 3, 4, 5

_secrets = []


def remember_secret(value):
    """Registers a value that must never appear in what the adapter prints."""
    if value:
        _secrets.append(value)
    return value


def redact(text):
    for secret in _secrets:
        text = text.replace(secret, "[redacted]")
    return text


def result(line, code=EXIT_OK):
    """Prints the one result line and exits with the adapter's exit code."""
    print(redact(" ".join(str(line).split())), flush=True)
    sys.exit(code)


def usage_error(message):
    print(redact("error usage " + message), flush=True)
    sys.exit(EXIT_USAGE)


def env_name(server, what):
    return "MAILSIM_" + server.upper().replace(".", "_").replace("-", "_") + "_" + what


def add_endpoint_arguments(parser):
    # argparse's own errors also become one `error usage ...` line (exit 2).
    parser.error = usage_error
    parser.add_argument("--server", help="scenario server name: port from MAILSIM_<SERVER>_PORT")
    parser.add_argument("--host", help="default MAILSIM_<SERVER>_HOST, then localhost")
    parser.add_argument("--port", type=int, help="instead of --server")
    parser.add_argument("--security", choices=["none", "starttls", "ssl_tls"], default="none")
    parser.add_argument("--ca-file", help="CA to trust (default $MAILSIM_CA_FILE)")
    parser.add_argument("--no-ca-file", action="store_true",
                        help="trust only the system CAs (the scenario's CA is not imported)")
    parser.add_argument("--timeout", type=float, default=20.0,
                        help="socket timeout in seconds (a safety net, not a check)")
    parser.add_argument("--user")
    parser.add_argument("--password", help="the password itself (test passwords only: argv is visible to ps)")
    parser.add_argument("--password-env", metavar="VAR",
                        help="read the password from this environment variable")
    parser.add_argument("--password-file", metavar="PATH")
    parser.add_argument("--token", metavar="SOURCE",
                        help="XOAUTH2 token: client_credentials (from $MAILSIM_OAUTH_TOKEN_URL with "
                             "$MAILSIM_OAUTH_CLIENT_ID/$MAILSIM_OAUTH_CLIENT_SECRET), env:VAR or file:PATH")
    parser.add_argument("--client-id", help="default $MAILSIM_OAUTH_CLIENT_ID")
    parser.add_argument("--client-secret-env", metavar="VAR", default="MAILSIM_OAUTH_CLIENT_SECRET")
    parser.add_argument("--scope", help="scope asked for with client_credentials")
    parser.add_argument("--save-token", metavar="PATH",
                        help="write the token (mode 0600) so a later step can reuse it, e.g. after advance_clock")


def endpoint(args):
    """(host, port) from --host/--port or the scenario's environment."""
    host, port = args.host, args.port
    if args.server:
        port_var = env_name(args.server, "PORT")
        if port is None:
            if port_var not in os.environ:
                usage_error(f"{port_var} is not set: is '{args.server}' a server of the scenario?")
            try:
                port = int(os.environ[port_var])
            except ValueError:
                usage_error(f"{port_var} is not a port number")
        host = host or os.environ.get(env_name(args.server, "HOST"))
    if port is None:
        usage_error("give --server NAME or --port PORT")
    return host or "localhost", port


def tls_context(args):
    context = ssl.create_default_context()
    ca_file = None if args.no_ca_file else (args.ca_file or os.environ.get("MAILSIM_CA_FILE"))
    if ca_file:
        try:
            context.load_verify_locations(cafile=ca_file)
        except (OSError, ssl.SSLError) as e:
            usage_error(f"cannot read the CA file {ca_file}: {e}")
    return context


def password(args):
    if args.password is not None:
        return remember_secret(args.password)
    if args.password_env:
        value = os.environ.get(args.password_env)
        if value is None:
            usage_error(f"the environment variable {args.password_env} is not set")
        return remember_secret(value)
    if args.password_file:
        try:
            with open(args.password_file, encoding="utf-8") as f:
                return remember_secret(f.read().strip())
        except OSError as e:
            usage_error(f"cannot read the password file: {e.strerror}")
    usage_error("basic authentication needs --password, --password-env VAR or --password-file PATH")


def _client_credentials(args):
    url = os.environ.get("MAILSIM_OAUTH_TOKEN_URL")
    if not url:
        usage_error("MAILSIM_OAUTH_TOKEN_URL is not set: the scenario needs an oauth: section")
    client_id = args.client_id or os.environ.get("MAILSIM_OAUTH_CLIENT_ID")
    secret = remember_secret(os.environ.get(args.client_secret_env))
    if not client_id or not secret:
        usage_error(f"client_credentials needs a client id and ${args.client_secret_env}")
    form = {"grant_type": "client_credentials"}
    if args.scope:
        form["scope"] = args.scope
    basic = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    request = urllib.request.Request(url, data=urllib.parse.urlencode(form).encode(),
                                     headers={"Authorization": "Basic " + remember_secret(basic),
                                              "Content-Type": "application/x-www-form-urlencoded"})
    context = tls_context(args) if url.startswith("https:") else None
    try:
        with urllib.request.urlopen(request, timeout=args.timeout, context=context) as response:
            body = json.load(response)
    except urllib.error.HTTPError as e:
        try:
            error = json.loads(e.read()).get("error", "")
        except ValueError:
            error = ""
        result(f"error oauth HTTP {e.code} {error}", EXIT_OAUTH)
    except (urllib.error.URLError, OSError, ValueError) as e:
        result(f"error oauth {getattr(e, 'reason', e)}", EXIT_OAUTH)
    token = body.get("access_token")
    if not token:
        result("error oauth no access_token in the response", EXIT_OAUTH)
    return token


def access_token(args):
    """The XOAUTH2 access token named by --token (saved with --save-token)."""
    source = args.token or ""
    if source == "client_credentials":
        token = _client_credentials(args)
    elif source.startswith("env:"):
        token = os.environ.get(source[4:])
        if not token:
            usage_error(f"the environment variable {source[4:]} is not set")
    elif source.startswith("file:"):
        try:
            with open(source[5:], encoding="utf-8") as f:
                token = f.read().strip()
        except OSError as e:
            usage_error(f"cannot read the token file: {e.strerror}")
    else:
        usage_error("xoauth2 needs --token client_credentials | env:VAR | file:PATH")
    remember_secret(token)
    if args.save_token:
        fd = os.open(args.save_token, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(token)
    return token


def xoauth2_string(user, token):
    """The XOAUTH2 initial client response (Google's "OAuth 2.0 Mechanism")."""
    return f"user={user}\x01auth=Bearer {token}\x01\x01"


def describe_challenge(challenge):
    """An XOAUTH2 error challenge (JSON such as {"status":"401",...}) in one short token."""
    if isinstance(challenge, bytes):
        challenge = challenge.decode("utf-8", "replace")
    return "challenge=" + "".join(challenge.split())


def connection_error(e):
    """Result line and exit code for a TLS or socket failure."""
    if isinstance(e, ssl.SSLCertVerificationError):
        return f"error tls {e.verify_message or e.reason}", EXIT_TLS
    if isinstance(e, ssl.SSLError):
        return f"error tls {e.reason or e}", EXIT_TLS
    if isinstance(e, ConnectionRefusedError):
        return "error connect refused", EXIT_CONNECTION
    if isinstance(e, (socket.timeout, TimeoutError)):
        return "error timeout", EXIT_CONNECTION
    return f"error connection {e.__class__.__name__} {e}", EXIT_CONNECTION

// Sends mail with nodemailer (npm): an outside SMTP client for `run` steps.
//
//   node "$MAILSIM_ADAPTERS/nodemailer_send.js" --server submission --security starttls \
//       --auth oauth2 --user app@example.com --token client_credentials --renew
//
// nodemailer is installed by ci/bootstrap into ~/.cache/mailsim/node (or
// $MAILSIM_NODE_DIR); this script finds it there, through NODE_PATH, or as a
// normal dependency, so the run step needs no extra environment.
//
// Options: --server NAME (port from MAILSIM_<NAME>_PORT) or --port; --host;
//   --security none|starttls|ssl_tls; --ca-file (default $MAILSIM_CA_FILE); --no-ca-file;
//   --auth none|plain|login|oauth2; --user; --password-env VAR;
//   --token client_credentials|env:VAR|file:PATH (oauth2; client_credentials asks
//   $MAILSIM_OAUTH_TOKEN_URL with $MAILSIM_OAUTH_CLIENT_ID/$MAILSIM_OAUTH_CLIENT_SECRET);
//   --save-token PATH; --renew (give nodemailer a provisionCallback, so after a
//   rejected token it fetches a new one with client_credentials and retries once,
//   as nodemailer does with a refresh token); --from, --to, --subject, --count N.
//
// Prints one line: `sent N` (plus ` renewed R` when nodemailer renewed its
// token), or `error CODE <server reply>; sent K of N`, `error tls CERT_HAS_EXPIRED; ...`.
// Exit codes as the Python adapters: 0 ok, 1 refused, 2 usage, 3 TLS,
// 4 connection, 5 OAuth token endpoint. Secrets are never printed.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');

const EXIT = { ok: 0, refused: 1, usage: 2, tls: 3, connection: 4, oauth: 5 };
const secrets = [];
const redact = (s) => secrets.reduce((t, secret) => t.split(secret).join('[redacted]'), String(s));
function result(line, code = EXIT.ok) {
  process.stdout.write(redact(String(line).replace(/\s+/g, ' ').trim()) + '\n');
  process.exit(code);
}
const usage = (message) => result('error usage ' + message, EXIT.usage);

function loadNodemailer() {
  const dirs = [process.env.MAILSIM_NODE_DIR, path.join(os.homedir(), '.cache', 'mailsim', 'node')].filter(Boolean);
  for (const candidate of ['nodemailer', ...dirs.map((d) => path.join(d, 'node_modules', 'nodemailer'))]) {
    try {
      return require(candidate);
    } catch (e) {
      if (e.code !== 'MODULE_NOT_FOUND') throw e;
    }
  }
  return usage('nodemailer is not installed: run ci/bootstrap (or set MAILSIM_NODE_DIR)');
}

function parseArgs(argv) {
  const flags = new Set(['--no-ca-file', '--renew']);
  const o = { security: 'none', auth: 'none', from: 'nodemailer@example.com', to: 'ops@example.com',
              subject: 'sent by nodemailer', count: '1', 'ca-file': process.env.MAILSIM_CA_FILE };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) usage('unexpected argument ' + a);
    if (flags.has(a)) { o[a.slice(2)] = true; continue; }
    if (i + 1 >= argv.length) usage(a + ' needs a value');
    o[a.slice(2)] = argv[++i];
  }
  const known = ['server', 'host', 'port', 'security', 'ca-file', 'no-ca-file', 'auth', 'user', 'password-env',
                 'token', 'save-token', 'renew', 'from', 'to', 'subject', 'count', 'client-id', 'scope'];
  for (const k of Object.keys(o)) if (!known.includes(k)) usage('unknown option --' + k);
  if (!['none', 'starttls', 'ssl_tls'].includes(o.security)) usage('--security is none, starttls or ssl_tls');
  if (!['none', 'plain', 'login', 'oauth2'].includes(o.auth)) usage('--auth is none, plain, login or oauth2');
  o.count = Number(o.count);
  if (!Number.isInteger(o.count) || o.count < 1) usage('--count is a whole number, at least 1');
  return o;
}

function endpoint(o) {
  let { host, port } = o;
  if (o.server) {
    const prefix = 'MAILSIM_' + o.server.toUpperCase().replace(/[.-]/g, '_');
    if (!port) port = process.env[prefix + '_PORT'];
    if (!port) usage(`${prefix}_PORT is not set: is '${o.server}' a server of the scenario?`);
    host = host || process.env[prefix + '_HOST'];
  }
  if (!port || !/^\d+$/.test(String(port))) usage('give --server NAME or --port PORT');
  return { host: host || 'localhost', port: Number(port) };
}

async function clientCredentials(o) {
  const url = process.env.MAILSIM_OAUTH_TOKEN_URL;
  if (!url) usage('MAILSIM_OAUTH_TOKEN_URL is not set: the scenario needs an oauth: section');
  const id = o['client-id'] || process.env.MAILSIM_OAUTH_CLIENT_ID;
  const secret = process.env.MAILSIM_OAUTH_CLIENT_SECRET;
  if (!id || !secret) usage('client_credentials needs MAILSIM_OAUTH_CLIENT_ID and MAILSIM_OAUTH_CLIENT_SECRET');
  secrets.push(secret);
  const basic = Buffer.from(`${id}:${secret}`).toString('base64');
  secrets.push(basic);
  const form = new URLSearchParams({ grant_type: 'client_credentials' });
  if (o.scope) form.set('scope', o.scope);
  let response;
  try {
    response = await fetch(url, { method: 'POST', body: form, headers: { Authorization: 'Basic ' + basic } });
  } catch (e) {
    result('error oauth ' + ((e.cause && e.cause.code) || e.message), EXIT.oauth);
  }
  const body = await response.json().catch(() => ({}));
  if (!response.ok || !body.access_token) result(`error oauth HTTP ${response.status} ${body.error || ''}`, EXIT.oauth);
  secrets.push(body.access_token);
  return body;
}

async function initialToken(o) {
  const source = o.token || '';
  let token;
  if (source === 'client_credentials') token = (await clientCredentials(o)).access_token;
  else if (source.startsWith('env:')) token = process.env[source.slice(4)];
  else if (source.startsWith('file:')) {
    try { token = fs.readFileSync(source.slice(5), 'utf8').trim(); } catch (e) { usage('cannot read the token file'); }
  } else usage('--auth oauth2 needs --token client_credentials | env:VAR | file:PATH');
  if (!token) usage('the token source ' + source.split(':')[0] + ' is empty');
  secrets.push(token);
  if (o['save-token']) fs.writeFileSync(o['save-token'], token, { mode: 0o600 });
  return token;
}

function failureLine(err) {
  // TLS errors come from Node's socket (err.code CERT_HAS_EXPIRED, DEPTH_ZERO_SELF_SIGNED_CERT, ...).
  const tlsCodes = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL|EPROTO/;
  // nodemailer replaces err.code with its own (ESOCKET) and keeps Node's in err.originalCode.
  const tlsCode = [err.originalCode, err.code, err.cause && err.cause.code].find((c) => c && tlsCodes.test(c));
  if (tlsCode) return [`error tls ${tlsCode} ${err.message}`, EXIT.tls];
  if (err.responseCode) return [`error ${err.response || err.responseCode}`, EXIT.refused];
  if (err.code === 'ECONNREFUSED') return ['error connect refused', EXIT.connection];
  if (['ECONNECTION', 'ESOCKET', 'ETIMEDOUT', 'ECONNRESET'].includes(err.code)) return [`error connection ${err.code} ${err.message}`, EXIT.connection];
  return [`error ${err.code || 'unknown'} ${err.message}`, EXIT.refused];
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const nodemailer = loadNodemailer();
  const { host, port } = endpoint(o);
  const tls = {};
  if (!o['no-ca-file'] && o['ca-file']) {
    try { tls.ca = [fs.readFileSync(o['ca-file'])]; } catch (e) { usage('cannot read the CA file ' + o['ca-file']); }
  }
  const options = { host, port, secure: o.security === 'ssl_tls', requireTLS: o.security === 'starttls',
                    ignoreTLS: o.security === 'none', tls, connectionTimeout: 20000, greetingTimeout: 20000 };
  let renewed = 0;
  if (o.auth === 'plain' || o.auth === 'login') {
    if (!o.user || !o['password-env']) usage(`--auth ${o.auth} needs --user and --password-env VAR`);
    const pass = process.env[o['password-env']];
    if (pass === undefined) usage(`the environment variable ${o['password-env']} is not set`);
    secrets.push(pass);
    options.auth = { user: o.user, pass };
    options.authMethod = o.auth.toUpperCase();
  } else if (o.auth === 'oauth2') {
    if (!o.user) usage('--auth oauth2 needs --user');
    options.auth = { type: 'OAuth2', user: o.user, accessToken: await initialToken(o) };
    if (o.renew) {
      // nodemailer calls this when its token is rejected (renew=true): a new
      // one comes from the OAuth mock, and nodemailer retries AUTH once.
      options.auth.provisionCallback = (user, renew, callback) => {
        renewed += 1;
        clientCredentials(o).then((b) => callback(null, b.access_token, Date.now() + 1000 * (b.expires_in || 3600)),
                                  (e) => callback(e));
      };
    }
  }
  const transport = nodemailer.createTransport(options);
  let sent = 0;
  try {
    for (let n = 1; n <= o.count; n++) {
      await transport.sendMail({ from: o.from, to: o.to, subject: o.count === 1 ? o.subject : `${o.subject} ${n}`,
                                 text: 'hello from nodemailer\n' });
      sent += 1;
    }
  } catch (err) {
    const [line, code] = failureLine(err);
    transport.close();
    result(`${line}; sent ${sent} of ${o.count}`, code);
  }
  transport.close();
  result(`sent ${sent}` + (renewed ? ` renewed ${renewed}` : ''));
}

main().catch((e) => result('error internal ' + e.message, EXIT.refused));

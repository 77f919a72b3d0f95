#!/usr/bin/env node
// A small OpenID Connect provider for tests (stands in for the national identity portal / VNeID).
// Plain Node.js (node:http, node:crypto), no npm packages. It speaks the real protocol: discovery
// document, JWKS, authorization-code flow with mandatory PKCE S256, RS256-signed ID tokens.
//
// Start:
//   node tests/support/oidc-provider.mjs --port 0 --port-file FILE [--issuer-host 127.0.0.1]
//        [--bind 127.0.0.1] [--client ID:SECRET]… [--redirect-uri URI]… [--identity ID_NUMBER:Full name]…
//        [--verbose]
//   It listens, then writes its port to FILE (atomically: written to FILE.tmp and renamed) and prints
//   "oidc-provider ready <issuer>" on stdout. Issuer: http://<issuer-host>:<port>. It exits on SIGTERM /
//   SIGINT and when its parent process goes away.
//   --client: registered clients (default "motcua:motcua-secret"); "ID:" registers a public client that
//     authenticates with client_id in the token request body (PKCE still mandatory).
//   --redirect-uri: allowed redirect URIs (default: any http(s) URI, checked again at the token endpoint).
//   --identity: extra test identities besides the built-in ones.
//
// Endpoints:
//   GET  /.well-known/openid-configuration  discovery document
//   GET  /jwks                               {"keys":[RSA 2048 public key, kid]} (key generated at start)
//   GET  /authorize                          login page: one button per test identity (POSTs the form back).
//                                            With login_hint=<id_number>&auto=1 it redirects at once.
//   POST /authorize                          form from the login page → 303 to redirect_uri?code=…&state=…
//   POST /token                              application/x-www-form-urlencoded, grant_type=authorization_code;
//                                            client_secret_basic, client_secret_post or public client_id;
//                                            checks redirect_uri and code_verifier (S256); code single-use,
//                                            valid 60 s. Returns {access_token, token_type, expires_in, id_token}.
//   GET  /userinfo                           Authorization: Bearer <access_token> → claims
//   Test control (not part of OIDC):
//   POST /test/next?mode=M                   the NEXT id_token is deliberately bad, once. M is one of
//                                            bad_signature, wrong_audience, wrong_nonce, wrong_issuer, expired,
//                                            not_yet_valid, alg_none, hs256, unknown_kid; "none" clears.
//   GET  /test/stats                         request counters {discovery, jwks, authorize, token, userinfo}
//                                            and the last token request's client authentication method.
//
// Test identities (id_number, name): 001090000001 Nguyễn Văn An, 038305012345 Trần Thị Bình, and
// 079201000123 Lê Hoàng Cường, whose ID token carries the number only in preferred_username (to exercise
// the client's fallback). The ID token holds iss, aud, sub, nonce, iat, exp, auth_time, name, id_number,
// preferred_username, birthdate.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { parseArgs } from 'node:util';

const { values: opts } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    'port-file': { type: 'string' },
    'issuer-host': { type: 'string', default: '127.0.0.1' },
    bind: { type: 'string', default: '127.0.0.1' },
    client: { type: 'string', multiple: true },
    'redirect-uri': { type: 'string', multiple: true },
    identity: { type: 'string', multiple: true },
    verbose: { type: 'boolean', default: false },
  },
});

const clients = new Map();
for (const spec of opts.client ?? ['motcua:motcua-secret']) {
  const i = spec.indexOf(':');
  if (i <= 0) throw new Error(`--client expects ID:SECRET, got ${spec}`);
  clients.set(spec.slice(0, i), spec.slice(i + 1));
}
const allowedRedirects = opts['redirect-uri'] ?? null;

const identities = [
  { id_number: '001090000001', name: 'Nguyễn Văn An', birthdate: '1990-01-15' },
  { id_number: '038305012345', name: 'Trần Thị Bình', birthdate: '2005-03-12' },
  { id_number: '079201000123', name: 'Lê Hoàng Cường', birthdate: '2001-07-30', username_only: true },
];
for (const spec of opts.identity ?? []) {
  const i = spec.indexOf(':');
  identities.push({ id_number: spec.slice(0, i), name: spec.slice(i + 1), birthdate: '1980-01-01' });
}
for (const id of identities) {
  id.sub = 'vneid-' + crypto.createHash('sha256').update(id.id_number).digest('hex').slice(0, 24);
}

const b64url = (buf) => Buffer.from(buf).toString('base64url');
const randomToken = (n = 32) => b64url(crypto.randomBytes(n));

const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const kid = 'test-' + randomToken(6);
const otherKey = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;  // for unknown_kid
const jwks = { keys: [{ ...publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' }] };

const MODES = ['bad_signature', 'wrong_audience', 'wrong_nonce', 'wrong_issuer', 'expired', 'not_yet_valid', 'alg_none',
  'hs256', 'unknown_kid'];
let nextMode = null;
const codes = new Map();         // code → grant
const accessTokens = new Map();  // access token → identity
const stats = { discovery: 0, jwks: 0, authorize: 0, token: 0, userinfo: 0, last_token_auth: null };
let issuer = '';

function discovery() {
  return {
    issuer,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: `${issuer}/token`,
    jwks_uri: `${issuer}/jwks`,
    userinfo_endpoint: `${issuer}/userinfo`,
    response_types_supported: ['code'],
    grant_types_supported: ['authorization_code'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    scopes_supported: ['openid', 'profile'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
    code_challenge_methods_supported: ['S256'],
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nonce', 'name', 'id_number', 'preferred_username', 'birthdate'],
  };
}

function idToken(grant, mode) {
  const now = Math.floor(Date.now() / 1000);
  const who = grant.identity;
  const claims = {
    iss: issuer, aud: grant.client_id, sub: who.sub, nonce: grant.nonce, iat: now, exp: now + 300, auth_time: now,
    name: who.name, preferred_username: who.id_number, birthdate: who.birthdate,
  };
  if (!who.username_only) claims.id_number = who.id_number;
  let header = { alg: 'RS256', typ: 'JWT', kid };
  let key = privateKey;
  if (mode === 'wrong_audience') claims.aud = 'another-client';
  if (mode === 'wrong_nonce') claims.nonce = 'not-' + (grant.nonce ?? '');
  if (mode === 'wrong_issuer') claims.iss = 'https://evil.example';
  if (mode === 'expired') Object.assign(claims, { iat: now - 7200, auth_time: now - 7200, exp: now - 3600 });
  if (mode === 'not_yet_valid') Object.assign(claims, { iat: now + 3600, nbf: now + 3600, exp: now + 7200 });
  if (mode === 'unknown_kid') { header.kid = 'rotated-' + randomToken(6); key = otherKey; }
  const enc = (o) => b64url(JSON.stringify(o));
  if (mode === 'alg_none') return `${enc({ alg: 'none', typ: 'JWT' })}.${enc(claims)}.`;
  if (mode === 'hs256') header = { alg: 'HS256', typ: 'JWT', kid };
  const input = `${enc(header)}.${enc(claims)}`;
  let sig;
  if (mode === 'hs256') sig = crypto.createHmac('sha256', clients.get(grant.client_id) || 'x').update(input).digest();
  else sig = crypto.sign('sha256', Buffer.from(input), key);
  if (mode === 'bad_signature') sig[sig.length >> 1] ^= 0x01;
  return `${input}.${b64url(sig)}`;
}

const html = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

function send(res, status, body, headers = {}) {
  const isJson = typeof body === 'object' && body !== null;
  const text = isJson ? JSON.stringify(body) : String(body ?? '');
  res.writeHead(status, {
    'content-type': isJson ? 'application/json' : 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}
const redirect = (res, status, url) => send(res, status, '', { location: url });

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size > 64 * 1024) { reject(new Error('body too large')); req.destroy(); } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function validRedirect(uri) {
  if (typeof uri !== 'string' || !uri) return false;
  if (allowedRedirects) return allowedRedirects.includes(uri);
  try { return ['http:', 'https:'].includes(new URL(uri).protocol); } catch { return false; }
}

function redirectWith(res, status, uri, params) {
  const u = new URL(uri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') u.searchParams.set(k, v);
  redirect(res, status, u.toString());
}

// Common checks of an authorization request (GET query or POSTed form). Returns null after responding.
function checkAuthorize(res, p) {
  if (!clients.has(p.client_id)) { send(res, 400, '<p>Ứng dụng (client_id) không được đăng ký.</p>'); return null; }
  if (!validRedirect(p.redirect_uri)) { send(res, 400, '<p>Địa chỉ chuyển hướng (redirect_uri) không hợp lệ.</p>'); return null; }
  const fail = (error, description) => { redirectWith(res, 302, p.redirect_uri, { error, error_description: description, state: p.state }); return null; };
  if (p.response_type !== 'code') return fail('unsupported_response_type', 'only code');
  if (!(p.scope ?? '').split(' ').includes('openid')) return fail('invalid_scope', 'openid scope required');
  if (!p.code_challenge || p.code_challenge_method !== 'S256') return fail('invalid_request', 'PKCE S256 required');
  return p;
}

function issueCode(res, status, p) {
  const identity = identities.find((i) => i.id_number === p.login_hint);
  if (!identity || p.deny) {
    redirectWith(res, status, p.redirect_uri, { error: 'access_denied', state: p.state });
    return;
  }
  const code = randomToken();
  codes.set(code, {
    client_id: p.client_id, redirect_uri: p.redirect_uri, nonce: p.nonce, code_challenge: p.code_challenge,
    identity, created: Date.now(),
  });
  redirectWith(res, status, p.redirect_uri, { code, state: p.state });
}

const FORWARDED = ['response_type', 'client_id', 'redirect_uri', 'scope', 'state', 'nonce', 'code_challenge', 'code_challenge_method'];

function loginPage(p) {
  const hidden = FORWARDED.filter((k) => p[k] !== undefined)
    .map((k) => `<input type="hidden" name="${k}" value="${html(p[k])}">`).join('\n      ');
  const buttons = identities
    .map((i) => `<li><button type="submit" name="login_hint" value="${html(i.id_number)}">${html(i.name)} — ${html(i.id_number)}</button></li>`)
    .join('\n        ');
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Đăng nhập định danh điện tử (thử nghiệm)</title></head>
<body>
  <h1>Đăng nhập bằng tài khoản định danh điện tử</h1>
  <p>Nhà cung cấp định danh thử nghiệm: chọn một công dân để đăng nhập.</p>
  <form method="post" action="/authorize">
      ${hidden}
      <ul>
        ${buttons}
      </ul>
      <button type="submit" name="deny" value="1">Từ chối</button>
  </form>
</body></html>`;
}

function clientAuth(req, form) {
  const h = req.headers.authorization ?? '';
  if (h.startsWith('Basic ')) {
    const raw = Buffer.from(h.slice(6), 'base64').toString('utf8');
    const i = raw.indexOf(':');
    if (i < 0) return null;
    const dec = (s) => decodeURIComponent(s.replace(/\+/g, ' '));
    try { return { method: 'client_secret_basic', id: dec(raw.slice(0, i)), secret: dec(raw.slice(i + 1)) }; } catch { return null; }
  }
  if (form.client_secret !== undefined) return { method: 'client_secret_post', id: form.client_id, secret: form.client_secret };
  return { method: 'none', id: form.client_id, secret: '' };
}

async function token(req, res) {
  stats.token++;
  const tokenError = (status, error, description) => send(res, status, { error, error_description: description });
  if (!(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded'))
    return tokenError(400, 'invalid_request', 'form-urlencoded body required');
  const form = Object.fromEntries(new URLSearchParams(await readBody(req)));
  const auth = clientAuth(req, form);
  stats.last_token_auth = auth?.method ?? null;
  if (!auth || !clients.has(auth.id) || clients.get(auth.id) !== auth.secret ||
      (auth.method === 'none') !== (clients.get(auth.id) === '') || (form.client_id && form.client_id !== auth.id))
    return tokenError(401, 'invalid_client', 'client authentication failed');
  if (form.grant_type !== 'authorization_code') return tokenError(400, 'unsupported_grant_type', 'authorization_code only');
  const grant = codes.get(form.code ?? '');
  codes.delete(form.code ?? '');  // single use, whatever happens next
  if (!grant || Date.now() - grant.created > 60_000) return tokenError(400, 'invalid_grant', 'unknown, used or expired code');
  if (grant.client_id !== auth.id) return tokenError(400, 'invalid_grant', 'code issued to another client');
  if (grant.redirect_uri !== form.redirect_uri) return tokenError(400, 'invalid_grant', 'redirect_uri mismatch');
  const verifier = form.code_verifier ?? '';
  if (!/^[A-Za-z0-9\-._~]{43,128}$/.test(verifier) ||
      b64url(crypto.createHash('sha256').update(verifier).digest()) !== grant.code_challenge)
    return tokenError(400, 'invalid_grant', 'PKCE verification failed');
  const mode = nextMode;
  nextMode = null;
  const access = randomToken();
  accessTokens.set(access, grant.identity);
  send(res, 200, { access_token: access, token_type: 'Bearer', expires_in: 300, id_token: idToken(grant, mode) });
}

async function handle(req, res) {
  const url = new URL(req.url, issuer);
  const route = `${req.method} ${url.pathname}`;
  if (opts.verbose) process.stderr.write(`oidc-provider: ${route}\n`);
  switch (route) {
    case 'GET /.well-known/openid-configuration':
      stats.discovery++;
      return send(res, 200, discovery());
    case 'GET /jwks':
      stats.jwks++;
      return send(res, 200, jwks);
    case 'GET /authorize': {
      stats.authorize++;
      const p = checkAuthorize(res, Object.fromEntries(url.searchParams));
      if (!p) return;
      if (p.auto === '1' && p.login_hint) return issueCode(res, 302, p);
      return send(res, 200, loginPage(p));
    }
    case 'POST /authorize': {
      const p = checkAuthorize(res, Object.fromEntries(new URLSearchParams(await readBody(req))));
      if (p) issueCode(res, 303, p);
      return;
    }
    case 'POST /token':
      return token(req, res);
    case 'GET /userinfo': {
      stats.userinfo++;
      const who = accessTokens.get((req.headers.authorization ?? '').replace(/^Bearer /, ''));
      if (!who) return send(res, 401, { error: 'invalid_token' }, { 'www-authenticate': 'Bearer error="invalid_token"' });
      const claims = { sub: who.sub, name: who.name, preferred_username: who.id_number, birthdate: who.birthdate };
      if (!who.username_only) claims.id_number = who.id_number;
      return send(res, 200, claims);
    }
    case 'POST /test/next': {
      const mode = url.searchParams.get('mode');
      if (mode === 'none') { nextMode = null; return send(res, 204, ''); }
      if (!MODES.includes(mode)) return send(res, 400, { error: 'unknown mode', modes: MODES });
      nextMode = mode;
      return send(res, 204, '');
    }
    case 'GET /test/stats':
      return send(res, 200, { ...stats, next_mode: nextMode });
    default:
      return send(res, 404, { error: 'not_found' });
  }
}

const server = http.createServer((req, res) => {
  handle(req, res).catch((e) => {
    if (!res.headersSent) send(res, 500, { error: 'server_error', error_description: String(e?.message ?? e) });
  });
});

server.listen(Number(opts.port), opts.bind, () => {
  const port = server.address().port;
  issuer = `http://${opts['issuer-host']}:${port}`;
  if (opts['port-file']) {
    fs.writeFileSync(`${opts['port-file']}.tmp`, String(port));
    fs.renameSync(`${opts['port-file']}.tmp`, opts['port-file']);
  }
  process.stdout.write(`oidc-provider ready ${issuer}\n`);
});

// Expired codes are dropped now and then; the process ends with its parent or on a signal.
const parent = process.ppid;
setInterval(() => {
  for (const [code, g] of codes) if (Date.now() - g.created > 60_000) codes.delete(code);
  if (process.ppid !== parent) process.exit(0);
}, 1000).unref();
const stop = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections?.();
  setTimeout(() => process.exit(0), 500).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

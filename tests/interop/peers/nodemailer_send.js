// Sends one message with nodemailer (npm), a real-world SMTP client, using
// an OAuth 2.0 access token (XOAUTH2), over STARTTLS.
// Usage: node nodemailer_send.js PORT CAFILE USER ACCESS_TOKEN
// Prints {"accepted": [...], "rejected": [...]} and exits 0 on success.
const fs = require('fs');
const nodemailer = require('nodemailer');

const [port, caFile, user, accessToken] = process.argv.slice(2);
const transport = nodemailer.createTransport({
  host: 'localhost',
  port: Number(port),
  secure: false,
  requireTLS: true,
  tls: { ca: [fs.readFileSync(caFile)] },
  auth: { type: 'OAuth2', user, accessToken },
});
transport
  .sendMail({
    from: user,
    to: 'bob@example.com',
    subject: 'sent by nodemailer',
    text: 'Hello from nodemailer with an OAuth2 token.',
  })
  .then((info) => {
    console.log(JSON.stringify({ accepted: info.accepted, rejected: info.rejected }));
    process.exit(0);
  })
  .catch((err) => {
    console.error(err.message);
    process.exit(1);
  });

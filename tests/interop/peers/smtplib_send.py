"""Sends one message with Python's smtplib, as a real-world SMTP client.

Usage: python3 smtplib_send.py PORT SECURITY(none|starttls|ssl_tls) CAFILE USER PASSWORD MECH EMLFILE FROM TO...
MECH is PLAIN, LOGIN, CRAM-MD5 or "-" for no AUTH. Exits 0 on success and
prints the refused recipients as JSON.
"""
import json
import smtplib
import ssl
import sys


def main() -> int:
    port, security, cafile, user, password, mech, eml, sender, *rcpts = sys.argv[1:]
    context = ssl.create_default_context(cafile=cafile) if security != "none" else None
    if security == "ssl_tls":
        client = smtplib.SMTP_SSL("localhost", int(port), context=context, timeout=30)
    else:
        client = smtplib.SMTP("localhost", int(port), timeout=30)
    with client:
        client.ehlo("smtplib.test")
        if security == "starttls":
            client.starttls(context=context)
            client.ehlo("smtplib.test")
        if mech != "-":
            client.user, client.password = user, password
            method = {"PLAIN": client.auth_plain, "LOGIN": client.auth_login,
                      "CRAM-MD5": client.auth_cram_md5}[mech]
            client.auth(mech, method)
        with open(eml, "rb") as f:
            data = f.read()
        refused = client.sendmail(sender, rcpts, data)
        print(json.dumps({k: [v[0], v[1].decode()] for k, v in refused.items()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())

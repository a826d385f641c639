-- wrk: a client_credentials token request (RFC 6749 4.4) on every request.
wrk.method = "POST"
wrk.path = "/token"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = "grant_type=client_credentials&client_id=bench&client_secret=secret&scope=mail"

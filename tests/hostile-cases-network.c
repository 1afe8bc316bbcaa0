/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Responses whose trouble is in the timing or the transport: interim
 * responses, bodies where none belongs, connections closed or reset at every
 * stage, servers that drip or never answer, TLS without close_notify, and
 * responses split into one write per byte.
 */
#include "hostile-cases.h"

#define PROTOCOL         .error = PORTSIDE_ERROR_PROTOCOL
#define TIMEOUT          .error = PORTSIDE_ERROR_TIMEOUT, .message = "Timed out", .max_time_ms = 500
#define IO_RESET         .error = PORTSIDE_ERROR_IO, .message = "Receiving failed"
#define EARLY_CLOSE(w)   PROTOCOL, .message = "The connection closed " w, .violation = "§8"
#define BEFORE_LAST      PROTOCOL, .message = "closed before the last chunk", .violation = "§7.1"
#define TLS              .transport = HOSTILE_TLS
#define OK200            "HTTP/1.1 200 OK\r\n"
#define CHUNKED          "Transfer-Encoding: chunked\r\n"
#define CHUNKED_HEAD     OK200 CHUNKED "\r\n"
#define HELLO_CL         OK200 "Content-Length: 5\r\n\r\nhello"
#define CONTINUE         "HTTP/1.1 100 Continue\r\n\r\n"
#define FINAL_OK         OK200 "Content-Length: 2\r\n\r\nok"
#define SPLIT_ME         CHUNKED_HEAD "5;a=b\r\nhello\r\n6\r\n world\r\n0\r\nX-Sum: 1\r\n\r\n"
#define ONCE(s)          SCRIPT (SEND (s), CLOSE)
#define C5               CONTINUE CONTINUE CONTINUE CONTINUE CONTINUE
#define A10              "aaaaaaaaaa"
#define A100             A10 A10 A10 A10 A10 A10 A10 A10 A10 A10
/* The pause lets the client read the bytes before the reset can reach it. */
#define THEN_RESET(s)    SCRIPT (SEND (s), SLEEP (100), RESET)

const HostileCase hostile_network_cases[] = {
  /* ---- interim (1xx) responses ---- */
  { "/hostile/interim/continue", ONCE (CONTINUE FINAL_OK), .status = 200, .interim = 1,
    BODY ("ok") },
  { "/hostile/interim/early-hints",
    ONCE ("HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n" FINAL_OK),
    .status = 200, .interim = 1, .header = "Link: </a.css>; rel=preload", BODY ("ok") },
  { "/hostile/interim/several",
    ONCE (CONTINUE "HTTP/1.1 102 Processing\r\n\r\nHTTP/1.1 103 Early Hints\r\n\r\n" FINAL_OK),
    .status = 200, .interim = 3, BODY ("ok") },
  { "/hostile/interim/apart", SCRIPT (SEND (CONTINUE), SLEEP (50), SEND (FINAL_OK)),
    .status = 200, .interim = 1, BODY ("ok") },
  { "/hostile/interim/endless", SCRIPT (REPEAT (CONTINUE, 0)), PROTOCOL,
    .message = "more than 20 interim (1xx) responses", .violation = "§15.2",
    .partial = TRUE, .min_read = 20 * 25 + 23 },
  { "/hostile/interim/twenty", ONCE (C5 C5 C5 C5 FINAL_OK), .status = 200, .interim = 20,
    BODY ("ok") },
  { "/hostile/interim/with-content-length",
    ONCE ("HTTP/1.1 100 Continue\r\nContent-Length: 5\r\n\r\n" FINAL_OK), .status = 200,
    .interim = 1, BODY ("ok") },
  { "/hostile/interim/switching-protocols",
    ONCE ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n"), .status = 101,
    BODY ("") },

  /* ---- bodies where none belongs ---- */
  { "/hostile/no-body/head-with-body", ONCE (HELLO_CL), .head = TRUE,
    .violation = "§6.3", .message = "a body with its response to HEAD", BODY ("") },
  { "/hostile/no-body/head-with-body-strict", ONCE (HELLO_CL), .head = TRUE, .strict = TRUE,
    PROTOCOL, .message = "a body with its response to HEAD", .violation = "§6.3" },
  { "/hostile/no-body/head-content-length",
    SCRIPT (SEND (OK200 "Content-Length: 100\r\n\r\n"), STALL), .head = TRUE, .status = 200,
    BODY ("") },
  { "/hostile/no-body/head-chunked", SCRIPT (SEND (CHUNKED_HEAD), STALL), .head = TRUE,
    .status = 200, BODY ("") },
  { "/hostile/no-body/204-with-body", ONCE ("HTTP/1.1 204 No Content\r\n\r\nhello"),
    .violation = "§6.3", .message = "a body with a 204 response", BODY ("") },
  { "/hostile/no-body/204-content-length",
    ONCE ("HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n"), .violation = "§8.6",
    .message = "must not have a Content-Length", .status = 204 },
  { "/hostile/no-body/204-chunked",
    ONCE ("HTTP/1.1 204 No Content\r\n" CHUNKED "\r\n0\r\n\r\n"), .violation = "§6.3",
    .message = "a body with a 204 response", BODY ("") },
  { "/hostile/no-body/304-with-body", ONCE ("HTTP/1.1 304 Not Modified\r\n\r\nhello"),
    .violation = "§6.3", .message = "a body with a 304 response", BODY ("") },
  { "/hostile/no-body/304-content-length",
    SCRIPT (SEND ("HTTP/1.1 304 Not Modified\r\nContent-Length: 100\r\n\r\n"), STALL),
    .status = 304, BODY ("") },

  /* ---- the server closes early, at every stage ---- */
  { "/hostile/early-close/before-any-byte", SCRIPT (CLOSE),
    EARLY_CLOSE ("before the status line") },
  { "/hostile/early-close/after-http", ONCE ("HTTP/"),
    EARLY_CLOSE ("in the middle of the status line") },
  { "/hostile/early-close/mid-status-line", ONCE ("HTTP/1.1 20"),
    EARLY_CLOSE ("in the middle of the status line") },
  { "/hostile/early-close/mid-field", ONCE (OK200 "Content-Le"),
    EARLY_CLOSE ("in the middle of the header section") },
  { "/hostile/early-close/before-empty-line", ONCE (OK200 "Content-Length: 5\r\n"),
    EARLY_CLOSE ("in the middle of the header section"), .header = "Content-Length: 5" },
  { "/hostile/early-close/mid-body",
    SCRIPT (SEND (OK200 "Content-Length: 5\r\n\r\n"), SLEEP (30), SEND ("he"), SLEEP (30), CLOSE),
    PROTOCOL, .message = "closed after 2 of 5 body bytes", .violation = "§6.3", BODY ("he") },
  { "/hostile/early-close/mid-chunk-size", ONCE (CHUNKED_HEAD "1"), BEFORE_LAST, BODY ("") },
  { "/hostile/early-close/mid-chunk-data", ONCE (CHUNKED_HEAD "5\r\nhel"), BEFORE_LAST,
    BODY ("hel") },
  { "/hostile/early-close/before-chunk-crlf", ONCE (CHUNKED_HEAD "5\r\nhello"), BEFORE_LAST,
    BODY ("hello") },
  { "/hostile/early-close/before-last-chunk", ONCE (CHUNKED_HEAD "5\r\nhello\r\n"),
    BEFORE_LAST, BODY ("hello") },
  { "/hostile/early-close/mid-trailers", ONCE (CHUNKED_HEAD "5\r\nhello\r\n0\r\nX-T: 1\r\n"),
    PROTOCOL, .message = "in the middle of the trailer section", .violation = "§7.1.2",
    .trailer = "X-T: 1", BODY ("hello") },
  { "/hostile/early-close/close-delimited",
    SCRIPT (SEND (OK200 "\r\n"), PIECES ("until the server closes", 5, 10), CLOSE),
    .status = 200, BODY ("until the server closes") },

  /* ---- the server resets the connection ---- */
  { "/hostile/reset/before-any-byte", SCRIPT (RESET), IO_RESET },
  { "/hostile/reset/before-request", SCRIPT (RESET), .no_head = TRUE,
    .error = PORTSIDE_ERROR_IO },
  { "/hostile/reset/mid-status-line", THEN_RESET ("HTTP/1.1 2"), IO_RESET },
  { "/hostile/reset/mid-headers", THEN_RESET (OK200 "Content-Le"), IO_RESET },
  { "/hostile/reset/mid-body", THEN_RESET (OK200 "Content-Length: 10\r\n\r\nhello"), IO_RESET,
    BODY ("hello") },
  { "/hostile/reset/mid-chunk", THEN_RESET (CHUNKED_HEAD "5\r\nhel"), IO_RESET, BODY ("hel") },
  { "/hostile/reset/close-delimited", THEN_RESET (OK200 "\r\npartial"), IO_RESET,
    BODY ("partial") },
  { "/hostile/reset/after-complete", THEN_RESET (HELLO_CL), BODY ("hello") },
  { "/hostile/reset/right-after-complete", SCRIPT (SEND (HELLO_CL), RESET), BODY ("hello") },
  { "/hostile/reset/right-after-bytes",
    SCRIPT (SEND (OK200 "Content-Length: 9\r\n\r\nhello"), RESET),
    IO_RESET, BODY ("hello") },

  /* ---- slow and silent servers ---- */
  { "/hostile/timeout/never-answers", SCRIPT (STALL), TIMEOUT },
  { "/hostile/timeout/drip-status-line", SCRIPT (PIECES (FINAL_OK, 1, 100)), TIMEOUT,
    .partial = TRUE, .min_read = 2 },
  { "/hostile/timeout/drip-body", SCRIPT (SEND (OK200 "\r\n"), REPEAT ("x", 100)), TIMEOUT,
    .partial = TRUE, .min_read = 19 },
  { "/hostile/timeout/headers-then-stall", SCRIPT (SEND (OK200 "Content-Length: 5\r\n\r\n"), STALL),
    TIMEOUT, .status = 200, BODY ("") },
  { "/hostile/timeout/mid-headers-stall", SCRIPT (SEND (OK200 "X-A"), STALL), TIMEOUT },
  { "/hostile/timeout/body-stall", SCRIPT (SEND (OK200 "Content-Length: 10\r\n\r\nhello"), STALL),
    TIMEOUT, BODY ("hello") },
  { "/hostile/timeout/chunk-stall", SCRIPT (SEND (CHUNKED_HEAD "5\r\nhello\r\n"), STALL),
    TIMEOUT, BODY ("hello") },
  { "/hostile/timeout/slow-interim", SCRIPT (REPEAT (CONTINUE, 60)), TIMEOUT, .partial = TRUE,
    .min_read = 25 },
  { "/hostile/timeout/tls-handshake", SCRIPT (STALL), .transport = HOSTILE_TLS_TO_PLAIN,
    TIMEOUT },
  { "/hostile/timeout/tls-never-answers", SCRIPT (STALL), TLS, TIMEOUT },
  { "/hostile/timeout/tls-drip", SCRIPT (PIECES (FINAL_OK, 1, 100)), TLS, TIMEOUT,
    .partial = TRUE, .min_read = 2 },
  { "/hostile/timeout/flood-body", SCRIPT (SEND (OK200 "\r\n"), REPEAT (A100, 0)), TIMEOUT,
    .partial = TRUE, .min_read = 100 * 1024 },
  { "/hostile/timeout/tls-flood-body", SCRIPT (SEND (OK200 "\r\n"), REPEAT (A100, 0)), TLS,
    TIMEOUT, .partial = TRUE, .min_read = 100 * 1024 },

  /* ---- TLS endings ---- */
  { "/hostile/tls/content-length", ONCE (HELLO_CL), TLS, .status = 200, BODY ("hello") },
  { "/hostile/tls/close-notify", ONCE (OK200 "\r\nuntil close_notify"), TLS,
    BODY ("until close_notify") },
  { "/hostile/tls/truncated-close-delimited",
    SCRIPT (SEND (OK200 "\r\nuntil the FIN"), TRUNCATE), TLS,
    .warning = "without close_notify", BODY ("until the FIN") },
  { "/hostile/tls/truncated-after-content-length", SCRIPT (SEND (HELLO_CL), TRUNCATE), TLS,
    BODY ("hello") },
  { "/hostile/tls/truncated-after-chunked", SCRIPT (SEND (SPLIT_ME), TRUNCATE), TLS,
    BODY ("hello world") },
  { "/hostile/tls/truncated-short-body",
    SCRIPT (SEND (OK200 "Content-Length: 10\r\n\r\nhello"), TRUNCATE), TLS, PROTOCOL,
    .message = "closed after 5 of 10 body bytes", .violation = "§6.3", BODY ("hello") },
  { "/hostile/tls/truncated-mid-chunks", SCRIPT (SEND (CHUNKED_HEAD "5\r\nhello\r\n"), TRUNCATE),
    TLS, BEFORE_LAST, BODY ("hello") },
  { "/hostile/tls/reset-mid-body", THEN_RESET (OK200 "Content-Length: 10\r\n\r\nhello"), TLS,
    IO_RESET, BODY ("hello") },
  { "/hostile/tls/reset-right-after-complete", SCRIPT (SEND (HELLO_CL), RESET), TLS,
    BODY ("hello") },
  { "/hostile/tls/bad-framing", ONCE (OK200 "Content-Length: +2\r\n\r\nok"), TLS, PROTOCOL,
    .message = "cannot have a sign", .violation = "§6.3" },
  { "/hostile/tls/reset-after-handshake", SCRIPT (RESET), TLS, .no_head = TRUE,
    .error = PORTSIDE_ERROR_IO },
  { "/hostile/tls/close-after-handshake", SCRIPT (TRUNCATE), TLS, .no_head = TRUE,
    .error = PORTSIDE_ERROR_PROTOCOL, .message = "closed before the status line",
    .violation = "§8" },
  { "/hostile/tls/plain-server", ONCE (HELLO_CL), .transport = HOSTILE_TLS_TO_PLAIN,
    .error = PORTSIDE_ERROR_TLS, .partial = TRUE },

  /* ---- one write per byte, and small reads ---- */
  { "/hostile/split/chunked-1-byte-writes", SCRIPT (PIECES (SPLIT_ME, 1, 1)),
    .trailer = "X-Sum: 1", BODY ("hello world") },
  { "/hostile/split/content-length-1-byte-writes",
    SCRIPT (PIECES (OK200 "Content-Length: 11\r\n\r\nhello world", 1, 1)), BODY ("hello world") },
  { "/hostile/split/obs-fold-1-byte-writes",
    SCRIPT (PIECES (OK200 "X-Folded: one\r\n two\r\nContent-Length: 0\r\n\r\n", 1, 1)),
    .violation = "§5.2", .header = "X-Folded: one two", BODY ("") },
  { "/hostile/split/interim-1-byte-writes", SCRIPT (PIECES (CONTINUE FINAL_OK, 1, 1)),
    .interim = 1, .status = 200, BODY ("ok") },
  { "/hostile/split/bare-lf-1-byte-writes",
    SCRIPT (PIECES ("HTTP/1.1 200 OK\nContent-Length: 2\n\nok", 1, 1)), .violation = "§2.2",
    BODY ("ok") },
  { "/hostile/split/error-1-byte-writes",
    SCRIPT (PIECES (OK200 "Content-Length: 2\r\nBad Name: x\r\n\r\nok", 1, 2)), PROTOCOL,
    .message = "contains an invalid character", .violation = "§5.1", .partial = TRUE,
    .min_read = 17 + 19 + 13 },
  { "/hostile/split/tls-1-byte-writes", SCRIPT (PIECES (SPLIT_ME, 1, 1)), TLS,
    .trailer = "X-Sum: 1", BODY ("hello world") },
  { "/hostile/split/recv-size-1", ONCE (SPLIT_ME), .recv_size = 1, .trailer = "X-Sum: 1",
    BODY ("hello world") },
  { "/hostile/split/recv-size-7", ONCE (SPLIT_ME), .recv_size = 7, .trailer = "X-Sum: 1",
    BODY ("hello world") },
  { "/hostile/split/tls-recv-size-3", ONCE (SPLIT_ME), TLS, .recv_size = 3,
    .trailer = "X-Sum: 1", BODY ("hello world") },

  /* ---- content codings: passed through raw, refused by the decoder ---- */
  { "/hostile/encoding/long-chain",
    ONCE (OK200 "Content-Encoding: gzip, gzip, gzip, gzip, gzip\r\nContent-Length: 4\r\n\r\nabcd"),
    .decode_error = "more than 4 content codings", BODY ("abcd") },
  { "/hostile/encoding/unknown",
    ONCE (OK200 "Content-Encoding: br\r\nContent-Length: 4\r\n\r\nabcd"),
    .decode_error = "\"br\" is not supported", BODY ("abcd") },
  { "/hostile/encoding/truncated-gzip",
    ONCE (OK200 "Content-Encoding: gzip\r\nContent-Length: 3\r\n\r\n\x1f\x8b\x08"),
    .decode_error = "ends before its stream is complete", BODY ("\x1f\x8b\x08") },
  { "/hostile/encoding/not-gzip",
    ONCE (OK200 "Content-Encoding: gzip\r\nContent-Length: 8\r\n\r\nnot gzip"),
    .decode_error = "not valid gzip data", BODY ("not gzip") },
};

const guint hostile_n_network_cases = G_N_ELEMENTS (hostile_network_cases);

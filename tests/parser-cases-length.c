/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Responses whose body length is known from the head: interim (1xx)
 * responses, responses that have no body at all, and Content-Length.
 */
#include "parser-cases.h"

static const ParserCase cases[] = {
  { .name = "interim/100-continue",
    INPUT ("HTTP/1.1 100 Continue\r\n\r\n" OK_200 "Content-Length: 5\r\n\r\nhello"),
    .events =
      "status HTTP/1.1 100 \"Continue\" interim\n"
      "headers-end interim none 0\n"
      "status HTTP/1.1 200 \"OK\"\n"
      "header Content-Length: \"5\"\n"
      "headers-end content-length 5\n"
      "body @63+5\n"
      "complete\n"
      "ok\n"
      "end status=200 framing=content-length complete=1 must-close=0",
    .spans =
      "status-line=HTTP/1.1 100 Continue\r\n|"
      "headers-end=\r\n|"
      "status-line=HTTP/1.1 200 OK\r\n|"
      "header=Content-Length: 5\r\n|"
      "headers-end=\r\n|"
      "body=hello",
    .body = "hello",
  },
  { .name = "interim/103-then-100-then-204",
    INPUT ("HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
           "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\nServer: lab\r\n\r\n"),
    .events =
      "status HTTP/1.1 103 \"Early Hints\" interim\n"
      "header Link: \"</style.css>; rel=preload\"\n"
      "headers-end interim none 0\n"
      "status HTTP/1.1 100 \"Continue\" interim\n"
      "headers-end interim none 0\n"
      "status HTTP/1.1 204 \"No Content\"\n"
      "header Server: \"lab\"\n"
      "headers-end none 0\n"
      "complete\n"
      "ok\n"
      "end status=204 framing=none complete=1 must-close=0",
    .spans =
      "status-line=HTTP/1.1 103 Early Hints\r\n|"
      "header=Link: </style.css>; rel=preload\r\n|"
      "headers-end=\r\n|"
      "status-line=HTTP/1.1 100 Continue\r\n|"
      "headers-end=\r\n|"
      "status-line=HTTP/1.1 204 No Content\r\n|"
      "header=Server: lab\r\n|"
      "headers-end=\r\n",
  },
  { .name = "interim/too-many", .max_interim = 2,
    INPUT ("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 100 Continue\r\n\r\n"
           "HTTP/1.1 100 Continue\r\n\r\n" OK_200 "Content-Length: 0\r\n\r\n"),
    .events =
      "status HTTP/1.1 100 \"Continue\" interim\n"
      "headers-end interim none 0\n"
      "status HTTP/1.1 100 \"Continue\" interim\n"
      "headers-end interim none 0\n"
      "violation @50 RFC 9110 §15.2 fatal: The server sent more than 2 interim (1xx) responses, Portside's limit\n"
      "error: The server sent more than 2 interim (1xx) responses, Portside's limit (RFC 9110 §15.2)\n"
      "end status=100 framing=none complete=0 must-close=0",
    .spans =
      "status-line=HTTP/1.1 100 Continue\r\n|"
      "headers-end=\r\n|"
      "status-line=HTTP/1.1 100 Continue\r\n|"
      "headers-end=\r\n|"
      "invalid=HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
  },
  { .name = "no-body/head-content-length", .head = TRUE,
    INPUT (OK_200 "Content-Length: 1234\r\nContent-Type: text/plain\r\n\r\n"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "header Content-Length: \"1234\"\n"
      "header Content-Type: \"text/plain\"\n"
      "headers-end none 1234\n"
      "complete\n"
      "ok\n"
      "end status=200 framing=none complete=1 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "header=Content-Length: 1234\r\n|"
      "header=Content-Type: text/plain\r\n|"
      "headers-end=\r\n",
  },
  { .name = "no-body/head-with-body", .head = TRUE,
    INPUT (OK_200 "Content-Length: 3\r\n\r\nabc"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "header Content-Length: \"3\"\n"
      "headers-end none 3\n"
      "complete\n"
      "violation @38 RFC 9112 §6.3: The server sent a body with its response to HEAD\n"
      "ok\n"
      "end status=200 framing=none complete=1 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "header=Content-Length: 3\r\n|"
      "headers-end=\r\n|"
      "extra=abc",
  },
  { .name = "no-body/204",
    INPUT ("HTTP/1.1 204 No Content\r\nDate: Mon, 01 Jan 2024 00:00:00 GMT\r\n\r\n"),
    .events =
      "status HTTP/1.1 204 \"No Content\"\n"
      "header Date: \"Mon, 01 Jan 2024 00:00:00 GMT\"\n"
      "headers-end none 0\n"
      "complete\n"
      "ok\n"
      "end status=204 framing=none complete=1 must-close=0",
    .spans =
      "status-line=HTTP/1.1 204 No Content\r\n|"
      "header=Date: Mon, 01 Jan 2024 00:00:00 GMT\r\n|"
      "headers-end=\r\n",
  },
  { .name = "no-body/204-with-body",
    INPUT ("HTTP/1.1 204 No Content\r\nContent-Length: 8\r\n\r\nsurprise"),
    .events =
      "status HTTP/1.1 204 \"No Content\"\n"
      "header Content-Length: \"8\"\n"
      "violation @25 RFC 9110 §8.6: A 204 response must not have a Content-Length\n"
      "headers-end none 8\n"
      "complete\n"
      "violation @46 RFC 9112 §6.3: The server sent a body with a 204 response, which has none\n"
      "ok\n"
      "end status=204 framing=none complete=1 must-close=0",
    .spans =
      "status-line=HTTP/1.1 204 No Content\r\n|"
      "header=Content-Length: 8\r\n|"
      "headers-end=\r\n|"
      "extra=surprise",
  },
  { .name = "no-body/304",
    INPUT ("HTTP/1.1 304 Not Modified\r\nETag: \"abc\"\r\nContent-Length: 100\r\n\r\n"),
    .events =
      "status HTTP/1.1 304 \"Not Modified\"\n"
      "header ETag: \"\"abc\"\"\n"
      "header Content-Length: \"100\"\n"
      "headers-end none 100\n"
      "complete\n"
      "ok\n"
      "end status=304 framing=none complete=1 must-close=0",
    .spans =
      "status-line=HTTP/1.1 304 Not Modified\r\n|"
      "header=ETag: \"abc\"\r\n|"
      "header=Content-Length: 100\r\n|"
      "headers-end=\r\n",
  },
  { .name = "no-body/101-switching",
    INPUT ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n\x81\x05hello"),
    .events =
      "status HTTP/1.1 101 \"Switching Protocols\"\n"
      "header Upgrade: \"websocket\"\n"
      "headers-end none 0\n"
      "complete\n"
      "violation @56 RFC 9112 §6.3: The server sent a body with a 101 response, which has none\n"
      "ok\n"
      "end status=101 framing=none complete=1 must-close=0",
    .spans =
      "status-line=HTTP/1.1 101 Switching Protocols\r\n|"
      "header=Upgrade: websocket\r\n|"
      "headers-end=\r\n|"
      "extra=\201\005hello",
  },
  { .name = "content-length/basic",
    INPUT (OK_200 "Content-Type: text/plain\r\nContent-Length: 11\r\n\r\nhello world"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "header Content-Type: \"text/plain\"\n"
      "header Content-Length: \"11\"\n"
      "headers-end content-length 11\n"
      "body @65+11\n"
      "complete\n"
      "ok\n"
      "end status=200 framing=content-length complete=1 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "header=Content-Type: text/plain\r\n|"
      "header=Content-Length: 11\r\n|"
      "headers-end=\r\n|"
      "body=hello world",
    .body = "hello world",
  },
  { .name = "content-length/zero",
    INPUT (OK_200 "Content-Length: 0\r\n\r\n"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "header Content-Length: \"0\"\n"
      "headers-end content-length 0\n"
      "complete\n"
      "ok\n"
      "end status=200 framing=content-length complete=1 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "header=Content-Length: 0\r\n|"
      "headers-end=\r\n",
  },
  { .name = "content-length/extra",
    INPUT (OK_200 "Content-Length: 3\r\n\r\nabcdef"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "header Content-Length: \"3\"\n"
      "headers-end content-length 3\n"
      "body @38+3\n"
      "complete\n"
      "violation @41 RFC 9112 §6.3: The server sent more data than its Content-Length of 3 bytes\n"
      "ok\n"
      "end status=200 framing=content-length complete=1 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "header=Content-Length: 3\r\n|"
      "headers-end=\r\n|"
      "body=abc|"
      "extra=def",
    .body = "abc",
  },
  { .name = "content-length/extra-strict", .strict = TRUE,
    INPUT (OK_200 "Content-Length: 3\r\n\r\nabcdef"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "header Content-Length: \"3\"\n"
      "headers-end content-length 3\n"
      "body @38+3\n"
      "complete\n"
      "violation @41 RFC 9112 §6.3 fatal: The server sent more data than its Content-Length of 3 bytes\n"
      "error: The server sent more data than its Content-Length of 3 bytes (RFC 9112 §6.3)\n"
      "end status=200 framing=content-length complete=0 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "header=Content-Length: 3\r\n|"
      "headers-end=\r\n|"
      "body=abc|"
      "invalid=def",
    .body = "abc",
  },
  { .name = "content-length/short",
    INPUT (OK_200 "Content-Length: 10\r\n\r\nabc"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "header Content-Length: \"10\"\n"
      "headers-end content-length 10\n"
      "body @39+3\n"
      "violation @42 RFC 9112 §6.3 fatal: The connection closed after 3 of 10 body bytes\n"
      "error: The connection closed after 3 of 10 body bytes (RFC 9112 §6.3)\n"
      "end status=200 framing=content-length complete=0 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "header=Content-Length: 10\r\n|"
      "headers-end=\r\n|"
      "body=abc",
    .body = "abc",
  },
  { .name = "content-length/list",
    INPUT (OK_200 "Content-Length: 3, 3\r\nContent-Length: 3\r\n\r\nabc"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "header Content-Length: \"3, 3\"\n"
      "header Content-Length: \"3\"\n"
      "violation @17 RFC 9110 §8.6: Content-Length is a list of identical values\n"
      "headers-end content-length 3\n"
      "body @60+3\n"
      "complete\n"
      "ok\n"
      "end status=200 framing=content-length complete=1 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "header=Content-Length: 3, 3\r\n|"
      "header=Content-Length: 3\r\n|"
      "headers-end=\r\n|"
      "body=abc",
    .body = "abc",
  },
  { .name = "content-length/differing",
    INPUT (OK_200 "Content-Length: 3\r\nContent-Length: 4\r\n\r\nabcd"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "header Content-Length: \"3\"\n"
      "header Content-Length: \"4\"\n"
      "violation @17 RFC 9112 §6.3 fatal: Invalid Content-Length \"3,4\": it lists different values\n"
      "error: Invalid Content-Length \"3,4\": it lists different values (RFC 9112 §6.3)\n"
      "end status=200 framing=content-length complete=0 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "header=Content-Length: 3\r\n|"
      "header=Content-Length: 4\r\n|"
      "invalid=\r\nabcd",
  },
  { .name = "content-length/sign",
    INPUT (OK_200 "Content-Length: +3\r\n\r\nabc"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "header Content-Length: \"+3\"\n"
      "violation @17 RFC 9112 §6.3 fatal: Invalid Content-Length \"+3\": a length cannot have a sign\n"
      "error: Invalid Content-Length \"+3\": a length cannot have a sign (RFC 9112 §6.3)\n"
      "end status=200 framing=content-length complete=0 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "header=Content-Length: +3\r\n|"
      "invalid=\r\nabc",
  },
  { .name = "content-length/negative",
    INPUT (OK_200 "Content-Length: -1\r\n\r\n"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "header Content-Length: \"-1\"\n"
      "violation @17 RFC 9112 §6.3 fatal: Invalid Content-Length \"-1\": a length cannot have a sign\n"
      "error: Invalid Content-Length \"-1\": a length cannot have a sign (RFC 9112 §6.3)\n"
      "end status=200 framing=content-length complete=0 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "header=Content-Length: -1\r\n|"
      "invalid=\r\n",
  },
  { .name = "content-length/inner-space",
    INPUT (OK_200 "Content-Length: 1 0\r\n\r\nabc"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "header Content-Length: \"1 0\"\n"
      "violation @17 RFC 9112 §6.3 fatal: Invalid Content-Length \"1 0\": the value contains spaces\n"
      "error: Invalid Content-Length \"1 0\": the value contains spaces (RFC 9112 §6.3)\n"
      "end status=200 framing=content-length complete=0 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "header=Content-Length: 1 0\r\n|"
      "invalid=\r\nabc",
  },
  { .name = "content-length/not-digits",
    INPUT (OK_200 "Content-Length: 3a\r\n\r\nabc"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "header Content-Length: \"3a\"\n"
      "violation @17 RFC 9112 §6.3 fatal: Invalid Content-Length \"3a\": the value is not a number\n"
      "error: Invalid Content-Length \"3a\": the value is not a number (RFC 9112 §6.3)\n"
      "end status=200 framing=content-length complete=0 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "header=Content-Length: 3a\r\n|"
      "invalid=\r\nabc",
  },
  { .name = "content-length/overflow",
    INPUT (OK_200 "Content-Length: 18446744073709551616\r\n\r\nabc"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "header Content-Length: \"18446744073709551616\"\n"
      "violation @17 RFC 9112 §6.3 fatal: Invalid Content-Length \"18446744073709551616\": the value is too large\n"
      "error: Invalid Content-Length \"18446744073709551616\": the value is too large (RFC 9112 §6.3)\n"
      "end status=200 framing=content-length complete=0 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "header=Content-Length: 18446744073709551616\r\n|"
      "invalid=\r\nabc",
  },
};

const ParserCaseTable parser_cases_length = { cases, G_N_ELEMENTS (cases) };

/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The syntax of the head: line endings, field lines, the status line, the
 * limits on their size, and a connection that closes in the middle.
 */
#include "parser-cases.h"

static const ParserCase cases[] = {
  { .name = "lines/bare-lf",
    INPUT ("HTTP/1.1 200 OK\nContent-Length: 2\nX-A: b\r\n\nhi"),
    .events =
      "violation @15 RFC 9112 §2.2: The line at byte 0 ends with a bare LF instead of CRLF\n"
      "status HTTP/1.1 200 \"OK\"\n"
      "header Content-Length: \"2\"\n"
      "header X-A: \"b\"\n"
      "headers-end content-length 2\n"
      "body @43+2\n"
      "complete\n"
      "ok\n"
      "end status=200 framing=content-length complete=1 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\n|"
      "header=Content-Length: 2\n|"
      "header=X-A: b\r\n|"
      "headers-end=\n|"
      "body=hi",
    .body = "hi",
  },
  { .name = "lines/bare-lf-strict", .strict = TRUE,
    INPUT ("HTTP/1.1 200 OK\nContent-Length: 2\n\nhi"),
    .events =
      "violation @15 RFC 9112 §2.2 fatal: The line at byte 0 ends with a bare LF instead of CRLF\n"
      "error: The line at byte 0 ends with a bare LF instead of CRLF (RFC 9112 §2.2)\n"
      "end status=0 framing=none complete=0 must-close=0",
    .spans = "invalid=HTTP/1.1 200 OK\nContent-Length: 2\n\nhi",
  },
  { .name = "lines/bare-cr",
    INPUT (OK_200 "X-A: a\rb\r\n" EMPTY_BODY),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "violation @23 RFC 9112 §2.2: The line at byte 17 contains a bare CR, read as a space\n"
      "header X-A: \"a b\"\n"
      EMPTY_BODY_EVENTS,
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "header=X-A: a\rb\r\n|"
      EMPTY_BODY_SPANS,
  },
  { .name = "lines/bare-cr-strict", .strict = TRUE,
    INPUT (OK_200 "X-A: a\rb\r\nContent-Length: 0\r\n\r\n"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "violation @23 RFC 9112 §2.2 fatal: The line at byte 17 contains a bare CR, read as a space\n"
      "error: The line at byte 17 contains a bare CR, read as a space (RFC 9112 §2.2)\n"
      "end status=200 framing=none complete=0 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "invalid=X-A: a\rb\r\nContent-Length: 0\r\n\r\n",
  },
  { .name = "fields/case-and-order",
    INPUT (OK_200 "content-TYPE: text/html;  charset=utf-8 \r\nX-Empty:\r\nSet-Cookie: a=1\r\n"
           "Set-Cookie: b=2\r\n" EMPTY_BODY),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "header content-TYPE: \"text/html;  charset=utf-8\"\n"
      "header X-Empty: \"\"\n"
      "header Set-Cookie: \"a=1\"\n"
      "header Set-Cookie: \"b=2\"\n"
      EMPTY_BODY_EVENTS,
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "header=content-TYPE: text/html;  charset=utf-8 \r\n|"
      "header=X-Empty:\r\n|"
      "header=Set-Cookie: a=1\r\n|"
      "header=Set-Cookie: b=2\r\n|"
      EMPTY_BODY_SPANS,
  },
  { .name = "fields/obs-fold",
    INPUT (OK_200 "X-Long: first\r\n  second\r\n\tthird\r\n" EMPTY_BODY),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "violation @32 RFC 9112 §5.2: The line at byte 32 continues the previous field (obsolete line folding), read as a space\n"
      "violation @42 RFC 9112 §5.2: The line at byte 42 continues the previous field (obsolete line folding), read as a space\n"
      "header X-Long: \"first second third\"\n"
      EMPTY_BODY_EVENTS,
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "header=X-Long: first\r\n|"
      "header=  second\r\n|"
      "header=\tthird\r\n|"
      EMPTY_BODY_SPANS,
  },
  { .name = "fields/obs-fold-strict", .strict = TRUE,
    INPUT (OK_200 "X-Long: first\r\n  second\r\nContent-Length: 0\r\n\r\n"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "violation @32 RFC 9112 §5.2 fatal: The line at byte 32 continues the previous field (obsolete line folding), read as a space\n"
      "error: The line at byte 32 continues the previous field (obsolete line folding), read as a space (RFC 9112 §5.2)\n"
      "end status=200 framing=none complete=0 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "header=X-Long: first\r\n|"
      "invalid=  second\r\nContent-Length: 0\r\n\r\n",
  },
  { .name = "fields/fold-first",
    INPUT (OK_200 " folded\r\nContent-Length: 0\r\n\r\n"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "violation @17 RFC 9112 §2.2 fatal: The line at byte 17 starts with whitespace but follows no field line\n"
      "error: The line at byte 17 starts with whitespace but follows no field line (RFC 9112 §2.2)\n"
      "end status=200 framing=none complete=0 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "invalid= folded\r\nContent-Length: 0\r\n\r\n",
  },
  { .name = "fields/space-before-colon",
    INPUT (OK_200 "Content-Length : 5\r\n\r\nhello"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "violation @17 RFC 9112 §5.1 fatal: The field name \"Content-Length \" at byte 17 is followed by whitespace before the colon\n"
      "error: The field name \"Content-Length \" at byte 17 is followed by whitespace before the colon (RFC 9112 §5.1)\n"
      "end status=200 framing=none complete=0 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "invalid=Content-Length : 5\r\n\r\nhello",
  },
  { .name = "fields/empty-name",
    INPUT (OK_200 ": value\r\n\r\n"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "violation @17 RFC 9112 §5 fatal: The field line at byte 17 has an empty name\n"
      "error: The field line at byte 17 has an empty name (RFC 9112 §5)\n"
      "end status=200 framing=none complete=0 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "invalid=: value\r\n\r\n",
  },
  { .name = "fields/no-colon",
    INPUT (OK_200 "Just some text\r\n\r\n"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "violation @17 RFC 9112 §5 fatal: The field line at byte 17 has no colon\n"
      "error: The field line at byte 17 has no colon (RFC 9112 §5)\n"
      "end status=200 framing=none complete=0 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "invalid=Just some text\r\n\r\n",
  },
  { .name = "fields/bad-name",
    INPUT (OK_200 "X(A): b\r\n\r\n"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "violation @17 RFC 9110 §5.1 fatal: The field name \"X(A)\" at byte 17 contains an invalid character\n"
      "error: The field name \"X(A)\" at byte 17 contains an invalid character (RFC 9110 §5.1)\n"
      "end status=200 framing=none complete=0 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "invalid=X(A): b\r\n\r\n",
  },
  { .name = "fields/nul",
    INPUT (OK_200 "X-A: a\0b\r\n" EMPTY_BODY),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "violation @17 RFC 9110 §5.5: The field line at byte 17 contains NUL, read as a space\n"
      "header X-A: \"a b\"\n"
      EMPTY_BODY_EVENTS,
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "header=X-A: a\\0b\r\n|"
      EMPTY_BODY_SPANS,
  },
  { .name = "fields/control",
    INPUT (OK_200 "X-A: a\x01" "b\r\n" EMPTY_BODY),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "violation @17 RFC 9110 §5.5: The field line at byte 17 contains control characters\n"
      "header X-A: \"a\001b\"\n"
      EMPTY_BODY_EVENTS,
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "header=X-A: a\001b\r\n|"
      EMPTY_BODY_SPANS,
  },
  { .name = "status/http09",
    INPUT ("<html>hello</html>"),
    .events =
      "violation @0 RFC 9112 §4 fatal: The server did not send a status line (HTTP/0.9 or not HTTP)\n"
      "error: The server did not send a status line (HTTP/0.9 or not HTTP) (RFC 9112 §4)\n"
      "end status=0 framing=none complete=0 must-close=0",
    .spans = "invalid=<html>hello</html>",
  },
  { .name = "status/not-http",
    INPUT ("HTTPS/1.1 200 OK\r\n\r\n"),
    .events =
      "violation @0 RFC 9112 §4 fatal: The server did not send a status line (HTTP/0.9 or not HTTP)\n"
      "error: The server did not send a status line (HTTP/0.9 or not HTTP) (RFC 9112 §4)\n"
      "end status=0 framing=none complete=0 must-close=0",
    .spans = "invalid=HTTPS/1.1 200 OK\r\n\r\n",
  },
  { .name = "status/http2",
    INPUT ("HTTP/2.0 200 OK\r\n\r\n"),
    .events =
      "violation @0 RFC 9112 §2.3 fatal: The server answered with HTTP/2.0 instead of HTTP/1.x\n"
      "error: The server answered with HTTP/2.0 instead of HTTP/1.x (RFC 9112 §2.3)\n"
      "end status=0 framing=none complete=0 must-close=0",
    .spans = "invalid=HTTP/2.0 200 OK\r\n\r\n",
  },
  { .name = "status/bad-version",
    INPUT ("HTTP/x.1 200 OK\r\n\r\n"),
    .events =
      "violation @0 RFC 9112 §2.3 fatal: The status line \"HTTP/x.1 200 OK\" has no valid HTTP version\n"
      "error: The status line \"HTTP/x.1 200 OK\" has no valid HTTP version (RFC 9112 §2.3)\n"
      "end status=0 framing=none complete=0 must-close=0",
    .spans = "invalid=HTTP/x.1 200 OK\r\n\r\n",
  },
  { .name = "status/two-digits",
    INPUT ("HTTP/1.1 20 OK\r\n\r\n"),
    .events =
      "violation @0 RFC 9112 §4 fatal: The status line \"HTTP/1.1 20 OK\" has no three-digit status code\n"
      "error: The status line \"HTTP/1.1 20 OK\" has no three-digit status code (RFC 9112 §4)\n"
      "end status=0 framing=none complete=0 must-close=0",
    .spans = "invalid=HTTP/1.1 20 OK\r\n\r\n",
  },
  { .name = "status/letters",
    INPUT ("HTTP/1.1 2x0 OK\r\n\r\n"),
    .events =
      "violation @0 RFC 9112 §4 fatal: The status line \"HTTP/1.1 2x0 OK\" has no three-digit status code\n"
      "error: The status line \"HTTP/1.1 2x0 OK\" has no three-digit status code (RFC 9112 §4)\n"
      "end status=0 framing=none complete=0 must-close=0",
    .spans = "invalid=HTTP/1.1 2x0 OK\r\n\r\n",
  },
  { .name = "status/four-digits",
    INPUT ("HTTP/1.1 2000 OK\r\n\r\n"),
    .events =
      "violation @0 RFC 9112 §4 fatal: The status line \"HTTP/1.1 2000 OK\" has no space after the status code\n"
      "error: The status line \"HTTP/1.1 2000 OK\" has no space after the status code (RFC 9112 §4)\n"
      "end status=0 framing=none complete=0 must-close=0",
    .spans = "invalid=HTTP/1.1 2000 OK\r\n\r\n",
  },
  { .name = "status/out-of-range",
    INPUT ("HTTP/1.1 999 Odd\r\n\r\n"),
    .events =
      "violation @0 RFC 9110 §15 fatal: The status code 999 is outside the range 100 to 599\n"
      "error: The status code 999 is outside the range 100 to 599 (RFC 9110 §15)\n"
      "end status=0 framing=none complete=0 must-close=0",
    .spans = "invalid=HTTP/1.1 999 Odd\r\n\r\n",
  },
  { .name = "status/no-reason",
    INPUT ("HTTP/1.1 200\r\n" EMPTY_BODY),
    .events =
      "violation @0 RFC 9112 §4: The status line has no space after the status code\n"
      "status HTTP/1.1 200 \"\"\n"
      EMPTY_BODY_EVENTS,
    .spans =
      "status-line=HTTP/1.1 200\r\n|"
      EMPTY_BODY_SPANS,
  },
  { .name = "status/empty-reason",
    INPUT ("HTTP/1.1 404 \r\nContent-Length: 0\r\n\r\n"),
    .events =
      "status HTTP/1.1 404 \"\"\n"
      "header Content-Length: \"0\"\n"
      "headers-end content-length 0\n"
      "complete\n"
      "ok\n"
      "end status=404 framing=content-length complete=1 must-close=0",
    .spans =
      "status-line=HTTP/1.1 404 \r\n|"
      "header=Content-Length: 0\r\n|"
      "headers-end=\r\n",
  },
  { .name = "limits/long-status-line", .max_line = 32,
    INPUT ("HTTP/1.1 200 A very long reason phrase indeed\r\n\r\n"),
    .events =
      "violation @0 RFC 9112 §4 fatal: The status line at byte 0 is longer than Portside's limit of 32 bytes\n"
      "error: The status line at byte 0 is longer than Portside's limit of 32 bytes (RFC 9112 §4)\n"
      "end status=0 framing=none complete=0 must-close=0",
    .spans = "invalid=HTTP/1.1 200 A very long reason phrase indeed\r\n\r\n",
  },
  { .name = "limits/long-field-line", .max_line = 32,
    INPUT (OK_200 "X-Long: 0123456789012345678901234567890123456789\r\n\r\n"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "violation @17 RFC 9110 §5.4 fatal: The field line at byte 17 is longer than Portside's limit of 32 bytes\n"
      "error: The field line at byte 17 is longer than Portside's limit of 32 bytes (RFC 9110 §5.4)\n"
      "end status=200 framing=none complete=0 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "invalid=X-Long: 0123456789012345678901234567890123456789\r\n\r\n",
  },
  { .name = "limits/line-at-limit", .max_line = 32,
    INPUT (OK_200 "X-Fits: 0123456789012345678901\r\n" EMPTY_BODY),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "header X-Fits: \"0123456789012345678901\"\n"
      EMPTY_BODY_EVENTS,
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "header=X-Fits: 0123456789012345678901\r\n|"
      EMPTY_BODY_SPANS,
  },
  { .name = "limits/too-many-fields", .max_headers = 3,
    INPUT (OK_200 "A: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "header A: \"1\"\n"
      "header B: \"2\"\n"
      "header C: \"3\"\n"
      "violation @35 RFC 9110 §5.4 fatal: The header section has more than 3 fields, Portside's limit\n"
      "error: The header section has more than 3 fields, Portside's limit (RFC 9110 §5.4)\n"
      "end status=200 framing=none complete=0 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "header=A: 1\r\n|"
      "header=B: 2\r\n|"
      "header=C: 3\r\n|"
      "invalid=D: 4\r\n\r\n",
  },
  { .name = "limits/header-section", .max_header_bytes = 48,
    INPUT (OK_200 "Server: lab\r\nX-Padding: 0123456789\r\nX-More: abc\r\n\r\n"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "violation @30 RFC 9110 §5.4 fatal: The header section is larger than Portside's limit of 48 bytes\n"
      "error: The header section is larger than Portside's limit of 48 bytes (RFC 9110 §5.4)\n"
      "end status=200 framing=none complete=0 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "header=Server: lab\r\n|"
      "invalid=X-Padding: 0123456789\r\nX-More: abc\r\n\r\n",
  },
  { .name = "eof/nothing",
    INPUT (""),
    .events =
      "violation @0 RFC 9112 §8 fatal: The connection closed before the status line\n"
      "error: The connection closed before the status line (RFC 9112 §8)\n"
      "end status=0 framing=none complete=0 must-close=0",
    .spans = "",
  },
  { .name = "eof/mid-status-line",
    INPUT ("HTTP/1.1 20"),
    .events =
      "violation @11 RFC 9112 §8 fatal: The connection closed in the middle of the status line\n"
      "error: The connection closed in the middle of the status line (RFC 9112 §8)\n"
      "end status=0 framing=none complete=0 must-close=0",
    .spans = "invalid=HTTP/1.1 20",
  },
  { .name = "eof/mid-headers",
    INPUT (OK_200 "Content-Length: 5\r\nX-A"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "header Content-Length: \"5\"\n"
      "violation @39 RFC 9112 §8 fatal: The connection closed in the middle of the header section\n"
      "error: The connection closed in the middle of the header section (RFC 9112 §8)\n"
      "end status=200 framing=none complete=0 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "header=Content-Length: 5\r\n|"
      "invalid=X-A",
  },
};

const ParserCaseTable parser_cases_syntax = { cases, G_N_ELEMENTS (cases) };

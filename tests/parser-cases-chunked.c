/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Bodies whose length is not known up front: the chunked coding, bodies that
 * run until the connection closes, and the Transfer-Encoding field that
 * chooses between them.
 */
#include "parser-cases.h"

static const ParserCase cases[] = {
  { .name = "chunked/extensions-trailers",
    INPUT (CHUNKED_200 "5;name=value\r\nhello\r\n1A ; a=b;c\r\nabcdefghijklmnopqrstuvwxyz\r\n"
           "0;last\r\nX-Checksum: abc\r\nServer-Timing: db;dur=53\r\n\r\n"),
    .events =
      CHUNKED_200_EVENTS
      "chunk @47 5 \";name=value\"\n"
      "body @61+5\n"
      "chunk @68 26 \" ; a=b;c\"\n"
      "body @80+26\n"
      "chunk @108 0 \";last\"\n"
      "trailer X-Checksum: \"abc\"\n"
      "trailer Server-Timing: \"db;dur=53\"\n"
      "complete\n"
      "ok\n"
      "end status=200 framing=chunked complete=1 must-close=0",
    .spans =
      CHUNKED_200_SPANS
      "chunk-size=5;name=value\r\n|"
      "chunk-data=hello|"
      "chunk-end=\r\n|"
      "chunk-size=1A ; a=b;c\r\n|"
      "chunk-data=abcdefghijklmnopqrstuvwxyz|"
      "chunk-end=\r\n|"
      "last-chunk=0;last\r\n|"
      "trailer=X-Checksum: abc\r\n|"
      "trailer=Server-Timing: db;dur=53\r\n|"
      "headers-end=\r\n",
    .body = "helloabcdefghijklmnopqrstuvwxyz",
  },
  { .name = "chunked/forbidden-trailers",
    INPUT (CHUNKED_200 "3\r\nabc\r\n0\r\nContent-Length: 3\r\nHost: example.com\r\n\r\n"),
    .events =
      CHUNKED_200_EVENTS
      "chunk @47 3 \"\"\n"
      "body @50+3\n"
      "chunk @55 0 \"\"\n"
      "violation @58 RFC 9110 §6.5.1: The field \"Content-Length\" is not allowed in a trailer section\n"
      "trailer Content-Length: \"3\"\n"
      "violation @77 RFC 9110 §6.5.1: The field \"Host\" is not allowed in a trailer section\n"
      "trailer Host: \"example.com\"\n"
      "complete\n"
      "ok\n"
      "end status=200 framing=chunked complete=1 must-close=0",
    .spans =
      CHUNKED_200_SPANS
      "chunk-size=3\r\n|"
      "chunk-data=abc|"
      "chunk-end=\r\n|"
      "last-chunk=0\r\n|"
      "trailer=Content-Length: 3\r\n|"
      "trailer=Host: example.com\r\n|"
      "headers-end=\r\n",
    .body = "abc",
  },
  { .name = "chunked/truncated",
    INPUT (CHUNKED_200 "5\r\nhel"),
    .events =
      CHUNKED_200_EVENTS
      "chunk @47 5 \"\"\n"
      "body @50+3\n"
      "violation @53 RFC 9112 §7.1 fatal: The connection closed before the last chunk\n"
      "error: The connection closed before the last chunk (RFC 9112 §7.1)\n"
      "end status=200 framing=chunked complete=0 must-close=0",
    .spans =
      CHUNKED_200_SPANS
      "chunk-size=5\r\n|"
      "chunk-data=hel",
    .body = "hel",
  },
  { .name = "chunked/truncated-trailer",
    INPUT (CHUNKED_200 "0\r\nX-A: b\r\n"),
    .events =
      CHUNKED_200_EVENTS
      "chunk @47 0 \"\"\n"
      "trailer X-A: \"b\"\n"
      "violation @58 RFC 9112 §7.1.2 fatal: The connection closed in the middle of the trailer section\n"
      "error: The connection closed in the middle of the trailer section (RFC 9112 §7.1.2)\n"
      "end status=200 framing=chunked complete=0 must-close=0",
    .spans =
      CHUNKED_200_SPANS
      "last-chunk=0\r\n|"
      "trailer=X-A: b\r\n",
  },
  { .name = "chunked/size-overflow",
    INPUT (CHUNKED_200 "10000000000000000\r\n"),
    .events =
      CHUNKED_200_EVENTS
      "violation @47 RFC 9112 §7.1 fatal: The chunk size \"10000000000000000\" at byte 47 is too large\n"
      "error: The chunk size \"10000000000000000\" at byte 47 is too large (RFC 9112 §7.1)\n"
      "end status=200 framing=chunked complete=0 must-close=0",
    .spans =
      CHUNKED_200_SPANS
      "invalid=10000000000000000\r\n",
  },
  { .name = "chunked/size-max",
    INPUT (CHUNKED_200 "7fffffffffffffff\r\nabc"),
    .events =
      CHUNKED_200_EVENTS
      "chunk @47 9223372036854775807 \"\"\n"
      "body @65+3\n"
      "violation @68 RFC 9112 §7.1 fatal: The connection closed before the last chunk\n"
      "error: The connection closed before the last chunk (RFC 9112 §7.1)\n"
      "end status=200 framing=chunked complete=0 must-close=0",
    .spans =
      CHUNKED_200_SPANS
      "chunk-size=7fffffffffffffff\r\n|"
      "chunk-data=abc",
    .body = "abc",
  },
  { .name = "chunked/non-hex",
    INPUT (CHUNKED_200 "zz\r\nabc"),
    .events =
      CHUNKED_200_EVENTS
      "violation @47 RFC 9112 §7.1 fatal: Invalid chunk size \"zz\" at byte 47\n"
      "error: Invalid chunk size \"zz\" at byte 47 (RFC 9112 §7.1)\n"
      "end status=200 framing=chunked complete=0 must-close=0",
    .spans =
      CHUNKED_200_SPANS
      "invalid=zz\r\nabc",
  },
  { .name = "chunked/negative",
    INPUT (CHUNKED_200 "-5\r\nhello\r\n0\r\n\r\n"),
    .events =
      CHUNKED_200_EVENTS
      "violation @47 RFC 9112 §7.1 fatal: Invalid chunk size \"-5\" at byte 47\n"
      "error: Invalid chunk size \"-5\" at byte 47 (RFC 9112 §7.1)\n"
      "end status=200 framing=chunked complete=0 must-close=0",
    .spans =
      CHUNKED_200_SPANS
      "invalid=-5\r\nhello\r\n0\r\n\r\n",
  },
  { .name = "chunked/missing-crlf",
    INPUT (CHUNKED_200 "5\r\nhelloXX0\r\n\r\n"),
    .events =
      CHUNKED_200_EVENTS
      "chunk @47 5 \"\"\n"
      "body @50+5\n"
      "violation @55 RFC 9112 §7.1 fatal: The chunk data is not followed by CRLF at byte 55\n"
      "error: The chunk data is not followed by CRLF at byte 55 (RFC 9112 §7.1)\n"
      "end status=200 framing=chunked complete=0 must-close=0",
    .spans =
      CHUNKED_200_SPANS
      "chunk-size=5\r\n|"
      "chunk-data=hello|"
      "invalid=XX0\r\n\r\n",
    .body = "hello",
  },
  { .name = "chunked/bare-lf",
    INPUT (CHUNKED_200 "5\nhello\n0\n\n"),
    .events =
      CHUNKED_200_EVENTS
      "violation @48 RFC 9112 §2.2: The line at byte 47 ends with a bare LF instead of CRLF\n"
      "chunk @47 5 \"\"\n"
      "body @49+5\n"
      "chunk @55 0 \"\"\n"
      "complete\n"
      "ok\n"
      "end status=200 framing=chunked complete=1 must-close=0",
    .spans =
      CHUNKED_200_SPANS
      "chunk-size=5\n|"
      "chunk-data=hello|"
      "chunk-end=\n|"
      "last-chunk=0\n|"
      "headers-end=\n",
    .body = "hello",
  },
  { .name = "chunked/extra",
    INPUT (CHUNKED_200 "3\r\nabc\r\n0\r\n\r\nGARBAGE"),
    .events =
      CHUNKED_200_EVENTS
      "chunk @47 3 \"\"\n"
      "body @50+3\n"
      "chunk @55 0 \"\"\n"
      "complete\n"
      "violation @60 RFC 9112 §6.3: The server sent data after the end of the chunked body\n"
      "ok\n"
      "end status=200 framing=chunked complete=1 must-close=0",
    .spans =
      CHUNKED_200_SPANS
      "chunk-size=3\r\n|"
      "chunk-data=abc|"
      "chunk-end=\r\n|"
      "last-chunk=0\r\n|"
      "headers-end=\r\n|"
      "extra=GARBAGE",
    .body = "abc",
  },
  { .name = "chunked/long-size-line", .max_line = 32,
    INPUT (CHUNKED_200 "5;xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\r\nhello\r\n0\r\n\r\n"),
    .events =
      CHUNKED_200_EVENTS
      "violation @47 RFC 9112 §7.1.1 fatal: The chunk-size line at byte 47 is longer than Portside's limit of 32 bytes\n"
      "error: The chunk-size line at byte 47 is longer than Portside's limit of 32 bytes (RFC 9112 §7.1.1)\n"
      "end status=200 framing=chunked complete=0 must-close=0",
    .spans =
      CHUNKED_200_SPANS
      "invalid=5;xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\r\nhello\r\n0\r\n\r\n",
  },
  { .name = "close/http10",
    INPUT ("HTTP/1.0 200 OK\r\nServer: old\r\n\r\nbody until close"),
    .events =
      "status HTTP/1.0 200 \"OK\"\n"
      "header Server: \"old\"\n"
      "headers-end close 0\n"
      "body @32+16\n"
      "complete\n"
      "ok\n"
      "end status=200 framing=close complete=1 must-close=0",
    .spans =
      "status-line=HTTP/1.0 200 OK\r\n|"
      "header=Server: old\r\n|"
      "headers-end=\r\n|"
      "body=body until close",
    .body = "body until close",
  },
  { .name = "close/empty",
    INPUT (OK_200 "\r\n"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "headers-end close 0\n"
      "complete\n"
      "ok\n"
      "end status=200 framing=close complete=1 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "headers-end=\r\n",
  },
  { .name = "transfer-encoding/with-content-length",
    INPUT (OK_200 "Content-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "header Content-Length: \"100\"\n"
      "header Transfer-Encoding: \"chunked\"\n"
      "violation @17 RFC 9112 §6.3: The response has both Transfer-Encoding and Content-Length: Transfer-Encoding wins and the connection must close\n"
      "headers-end chunked 0\n"
      "chunk @68 3 \"\"\n"
      "body @71+3\n"
      "chunk @76 0 \"\"\n"
      "complete\n"
      "ok\n"
      "end status=200 framing=chunked complete=1 must-close=1",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "header=Content-Length: 100\r\n|"
      "header=Transfer-Encoding: chunked\r\n|"
      "headers-end=\r\n|"
      "chunk-size=3\r\n|"
      "chunk-data=abc|"
      "chunk-end=\r\n|"
      "last-chunk=0\r\n|"
      "headers-end=\r\n",
    .body = "abc",
  },
  { .name = "transfer-encoding/chunked-not-last",
    INPUT (OK_200 "Transfer-Encoding: chunked, gzip\r\n\r\nraw"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "header Transfer-Encoding: \"chunked, gzip\"\n"
      "violation @17 RFC 9112 §6.1: The chunked transfer coding must be the last one applied\n"
      "violation @17 RFC 9112 §6.3: Transfer-Encoding does not end with chunked, so the body runs until the connection closes\n"
      "headers-end close 0\n"
      "body @53+3\n"
      "complete\n"
      "ok\n"
      "end status=200 framing=close complete=1 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "header=Transfer-Encoding: chunked, gzip\r\n|"
      "headers-end=\r\n|"
      "body=raw",
    .body = "raw",
  },
  { .name = "transfer-encoding/unknown",
    INPUT (OK_200 "Transfer-Encoding: foo\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
    .events =
      "status HTTP/1.1 200 \"OK\"\n"
      "header Transfer-Encoding: \"foo\"\n"
      "header Transfer-Encoding: \"chunked\"\n"
      "violation @17 RFC 9112 §7: Unknown transfer coding \"foo\"\n"
      "headers-end chunked 0\n"
      "chunk @71 0 \"\"\n"
      "complete\n"
      "ok\n"
      "end status=200 framing=chunked complete=1 must-close=0",
    .spans =
      "status-line=HTTP/1.1 200 OK\r\n|"
      "header=Transfer-Encoding: foo\r\n|"
      "header=Transfer-Encoding: chunked\r\n|"
      "headers-end=\r\n|"
      "last-chunk=0\r\n|"
      "headers-end=\r\n",
  },
  { .name = "transfer-encoding/http10",
    INPUT ("HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
    .events =
      "status HTTP/1.0 200 \"OK\"\n"
      "header Transfer-Encoding: \"chunked\"\n"
      "violation @17 RFC 9112 §6.1: An HTTP/1.0 response must not use Transfer-Encoding, so its framing is faulty\n"
      "headers-end chunked 0\n"
      "chunk @47 0 \"\"\n"
      "complete\n"
      "ok\n"
      "end status=200 framing=chunked complete=1 must-close=1",
    .spans =
      "status-line=HTTP/1.0 200 OK\r\n|"
      "header=Transfer-Encoding: chunked\r\n|"
      "headers-end=\r\n|"
      "last-chunk=0\r\n|"
      "headers-end=\r\n",
  },
};

const ParserCaseTable parser_cases_chunked = { cases, G_N_ELEMENTS (cases) };

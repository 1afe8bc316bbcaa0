/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "portside-cli-verbose.h"

static double
ms (gint64 us)
{
  return us / 1000.0;
}

static void
print_resolve (FILE *err, const PortsideResolution *r)
{
  g_autoptr(GString) list = g_string_new (NULL);

  for (guint i = 0; i < r->addresses->len; i++)
    {
      g_autofree char *text = g_inet_address_to_string (r->addresses->pdata[i]);
      g_string_append_printf (list, "%s%s", i > 0 ? ", " : "", text);
    }
  if (r->literal)
    fprintf (err, "* %s is an address: no lookup needed\n", r->host);
  else
    fprintf (err, "* Resolved %s to %s in %.1f ms%s\n", r->host, list->str,
             ms (r->duration_us), r->overridden ? " (from --resolve)" : "");
}

static void
print_connect (FILE *err, const PortsideEvent *e)
{
  if (e->error != NULL)
    fprintf (err, "* Attempt %u: %s\n", e->index + 1, e->error->message);
  else
    fprintf (err, "* Connected to %s from %s in %.1f ms\n", e->name, e->value, ms (e->length));
}

static void
print_cert (FILE *err, const PortsideCertInfo *c)
{
  g_autofree char *sans = c->sans != NULL ? g_strjoinv (", ", c->sans) : g_strdup ("none");

  fprintf (err, "* Certificate %u:\n", c->depth);
  fprintf (err, "*   subject: %s\n", c->subject);
  fprintf (err, "*   issuer: %s\n", c->issuer);
  fprintf (err, "*   names: %s\n", sans);
  fprintf (err, "*   valid: %s to %s%s%s\n", c->not_before, c->not_after,
           c->expired ? " (EXPIRED)" : "", c->not_yet_valid ? " (NOT YET VALID)" : "");
  fprintf (err, "*   key: %s %u bits, signed with %s\n", c->key_type, c->key_bits,
           c->signature_algorithm);
  fprintf (err, "*   SHA-256: %s\n", c->sha256);
}

static void
print_tls (FILE *err, const PortsideTlsInfo *t)
{
  fprintf (err, "* TLS connection using %s / %s / %s\n", t->version ? t->version : "?",
           t->cipher ? t->cipher : "?", t->group ? t->group : "?");
  fprintf (err, "* ALPN: %s\n", t->alpn != NULL ? t->alpn : "the server chose no protocol");
  for (guint i = 0; t->chain != NULL && i < t->chain->len; i++)
    print_cert (err, t->chain->pdata[i]);
  if (t->verified)
    fputs ("* Certificate verified: the chain is trusted and the name matches\n", err);
  else
    fprintf (err, "* Certificate NOT verified: %s\n", t->verify_reason);
}

/* The request head, one "> " line each, without the CR so it reads well. */
static void
print_request (FILE *err, const PortsideEvent *e)
{
  const char *text = (const char *) e->data;
  const char *end = text + e->length;

  while (text < end)
    {
      const char *nl = memchr (text, '\n', end - text);
      gsize length = nl != NULL ? (gsize) (nl - text) : (gsize) (end - text);

      if (length > 0 && text[length - 1] == '\r')
        length--;
      fprintf (err, "> %.*s\n", (int) length, text);
      if (length == 0 || nl == NULL)
        break;
      text = nl + 1;
    }
  for (guint i = 0; e->warnings != NULL && e->warnings[i] != NULL; i++)
    fprintf (err, "* Warning: %s\n", e->warnings[i]);
}

static void
print_done (FILE *err, const PortsideTimings *t)
{
  fprintf (err, "* Done: %" G_GUINT64_FORMAT " bytes in %u reads (%" G_GUINT64_FORMAT
           " body bytes); total %.1f ms", t->bytes_received, t->reads, t->body_bytes,
           ms (t->total_us));
  if (t->first_byte_us >= 0)
    fprintf (err, ", first byte after %.1f ms", ms (t->first_byte_us));
  fputc ('\n', err);
}

static void
print_chunk (FILE *err, const PortsideEvent *e)
{
  gboolean has_ext = e->value != NULL && *e->value != '\0';

  if (e->length == 0)
    fputs ("* Last chunk (size 0): the body is complete", err);
  else
    fprintf (err, "* Chunk of %" G_GUINT64_FORMAT " bytes", e->length);
  fprintf (err, "%s%s\n", has_ext ? ", extensions " : "", has_ext ? e->value : "");
}

void
portside_cli_verbose_event (FILE *err, const PortsideEvent *e)
{
  switch (e->kind)
    {
    case PORTSIDE_EVENT_RESOLVE: print_resolve (err, e->resolution); break;
    case PORTSIDE_EVENT_CONNECT: print_connect (err, e); break;
    case PORTSIDE_EVENT_TLS_MESSAGE:
      fprintf (err, "* TLS %s %s %s (%" G_GUINT64_FORMAT " bytes)\n", e->flag ? ">" : "<",
               e->value, e->name, e->length);
      break;
    case PORTSIDE_EVENT_TLS_DONE: print_tls (err, e->tls); break;
    case PORTSIDE_EVENT_REQUEST: print_request (err, e); break;
    case PORTSIDE_EVENT_STATUS: fprintf (err, "< %s %u %s\n", e->name, e->code, e->value); break;
    case PORTSIDE_EVENT_HEADER:
      fprintf (err, "< %s%s: %s\n", e->flag ? "(trailer) " : "", e->name, e->value);
      break;
    case PORTSIDE_EVENT_HEADERS_END: fputs ("<\n", err); break;
    case PORTSIDE_EVENT_CHUNK: print_chunk (err, e); break;
    case PORTSIDE_EVENT_VIOLATION:
      fprintf (err, "* Protocol violation at byte %" G_GUINT64_FORMAT " (%s): %s\n",
               e->violation->offset, e->violation->section, e->violation->message);
      break;
    case PORTSIDE_EVENT_WARNING: fprintf (err, "* Warning: %s\n", e->value); break;
    case PORTSIDE_EVENT_DONE: print_done (err, e->timings); break;
    default: break;
    }
}

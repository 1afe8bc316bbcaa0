/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <json-glib/json-glib.h>

#include "portside-event.h"
#include "portside-error.h"

static const char *const kind_names[PORTSIDE_N_EVENTS] = {
  [PORTSIDE_EVENT_RESOLVE] = "resolve",
  [PORTSIDE_EVENT_CONNECT] = "connect",
  [PORTSIDE_EVENT_TLS_MESSAGE] = "tls-message",
  [PORTSIDE_EVENT_TLS_RECORD] = "tls-record",
  [PORTSIDE_EVENT_TLS_DONE] = "tls-done",
  [PORTSIDE_EVENT_REQUEST] = "request",
  [PORTSIDE_EVENT_READ] = "read",
  [PORTSIDE_EVENT_SPAN] = "span",
  [PORTSIDE_EVENT_STATUS] = "status",
  [PORTSIDE_EVENT_HEADER] = "header",
  [PORTSIDE_EVENT_HEADERS_END] = "headers-end",
  [PORTSIDE_EVENT_CHUNK] = "chunk",
  [PORTSIDE_EVENT_BODY] = "body",
  [PORTSIDE_EVENT_VIOLATION] = "violation",
  [PORTSIDE_EVENT_WARNING] = "warning",
  [PORTSIDE_EVENT_DONE] = "done",
  [PORTSIDE_EVENT_ERROR] = "error",
};

const char *
portside_event_kind_name (PortsideEventKind kind)
{
  g_return_val_if_fail (kind < PORTSIDE_N_EVENTS, "unknown");
  return kind_names[kind];
}

static void
add_string (JsonBuilder *b, const char *member, const char *value)
{
  json_builder_set_member_name (b, member);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_int (JsonBuilder *b, const char *member, gint64 value)
{
  json_builder_set_member_name (b, member);
  json_builder_add_int_value (b, value);
}

static void
add_bool (JsonBuilder *b, const char *member, gboolean value)
{
  json_builder_set_member_name (b, member);
  json_builder_add_boolean_value (b, value);
}

static void
add_strv (JsonBuilder *b, const char *member, const char *const *values)
{
  json_builder_set_member_name (b, member);
  json_builder_begin_array (b);
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    json_builder_add_string_value (b, values[i]);
  json_builder_end_array (b);
}

/* Bytes are base64 so that any byte survives JSON. */
static void
add_data (JsonBuilder *b, const guint8 *data, gsize length)
{
  g_autofree char *encoded = NULL;

  if (data == NULL)
    return;
  encoded = g_base64_encode (data, length);
  add_string (b, "data", encoded);
}

static void
add_resolution (JsonBuilder *b, const PortsideResolution *r)
{
  add_string (b, "host", r->host);
  json_builder_set_member_name (b, "addresses");
  json_builder_begin_array (b);
  for (guint i = 0; i < r->addresses->len; i++)
    {
      g_autofree char *text = g_inet_address_to_string (r->addresses->pdata[i]);
      json_builder_add_string_value (b, text);
    }
  json_builder_end_array (b);
  add_int (b, "duration_us", r->duration_us);
  add_bool (b, "overridden", r->overridden);
  add_bool (b, "literal", r->literal);
}

static void
add_cert (JsonBuilder *b, const PortsideCertInfo *c)
{
  json_builder_begin_object (b);
  add_int (b, "depth", c->depth);
  add_string (b, "subject", c->subject);
  add_string (b, "issuer", c->issuer);
  add_strv (b, "sans", (const char *const *) c->sans);
  add_string (b, "not_before", c->not_before);
  add_string (b, "not_after", c->not_after);
  add_bool (b, "expired", c->expired);
  add_bool (b, "not_yet_valid", c->not_yet_valid);
  add_string (b, "key_type", c->key_type);
  add_int (b, "key_bits", c->key_bits);
  add_string (b, "signature_algorithm", c->signature_algorithm);
  add_string (b, "sha256", c->sha256);
  add_string (b, "serial", c->serial);
  add_bool (b, "self_signed", c->self_signed);
  add_string (b, "pem", c->pem);
  json_builder_end_object (b);
}

static void
add_tls (JsonBuilder *b, const PortsideTlsInfo *t)
{
  add_string (b, "version", t->version);
  add_string (b, "cipher", t->cipher);
  add_string (b, "group", t->group);
  add_string (b, "alpn", t->alpn);
  add_bool (b, "verified", t->verified);
  add_int (b, "verify_code", t->verify_code);
  add_string (b, "verify_reason", t->verify_reason);
  add_bool (b, "insecure", t->insecure);
  json_builder_set_member_name (b, "chain");
  json_builder_begin_array (b);
  for (guint i = 0; t->chain != NULL && i < t->chain->len; i++)
    add_cert (b, t->chain->pdata[i]);
  json_builder_end_array (b);
}

static void
add_timings (JsonBuilder *b, const PortsideTimings *t)
{
  add_int (b, "dns_us", t->dns_us);
  add_int (b, "connect_us", t->connect_us);
  add_int (b, "tls_us", t->tls_us);
  add_int (b, "request_us", t->request_us);
  add_int (b, "first_byte_us", t->first_byte_us);
  add_int (b, "total_us", t->total_us);
  add_int (b, "bytes_sent", t->bytes_sent);
  add_int (b, "bytes_received", t->bytes_received);
  add_int (b, "body_bytes", t->body_bytes);
  add_int (b, "reads", t->reads);
}

static const char *
direction (gboolean sent)
{
  return sent ? "sent" : "received";
}

static void
add_violation (JsonBuilder *b, const PortsideViolation *v)
{
  add_int (b, "offset", v->offset);
  add_string (b, "section", v->section);
  add_string (b, "message", v->message);
  add_bool (b, "fatal", v->fatal);
}

static void
add_stream_members (JsonBuilder *b, const PortsideEvent *e)
{
  switch (e->kind)
    {
    case PORTSIDE_EVENT_READ:
      add_int (b, "index", e->index);
      add_int (b, "offset", e->offset);
      add_int (b, "length", e->length);
      add_data (b, e->data, e->length);
      break;
    case PORTSIDE_EVENT_SPAN:
      add_string (b, "span", portside_span_kind_name (e->span));
      add_int (b, "offset", e->offset);
      add_int (b, "length", e->length);
      break;
    case PORTSIDE_EVENT_STATUS:
      add_string (b, "version", e->name);
      add_int (b, "code", e->code);
      add_string (b, "reason", e->value);
      add_bool (b, "interim", e->flag);
      break;
    case PORTSIDE_EVENT_HEADER:
      add_string (b, "name", e->name);
      add_string (b, "value", e->value);
      add_bool (b, "trailer", e->flag);
      break;
    case PORTSIDE_EVENT_HEADERS_END:
      add_bool (b, "interim", e->flag);
      add_string (b, "framing", portside_framing_name (e->framing));
      add_int (b, "content_length", e->length);
      break;
    case PORTSIDE_EVENT_CHUNK:
      add_int (b, "offset", e->offset);
      add_int (b, "size", e->length);
      add_string (b, "extensions", e->value);
      break;
    case PORTSIDE_EVENT_BODY:
      add_int (b, "offset", e->offset);
      add_int (b, "length", e->length);
      break;
    default:
      break;
    }
}

static void
add_members (JsonBuilder *b, const PortsideEvent *e)
{
  switch (e->kind)
    {
    case PORTSIDE_EVENT_RESOLVE:
      add_resolution (b, e->resolution);
      break;
    case PORTSIDE_EVENT_CONNECT:
      add_int (b, "index", e->index);
      add_string (b, "remote", e->name);
      add_string (b, "local", e->value);
      add_int (b, "duration_us", e->length);
      add_bool (b, "ok", e->error == NULL);
      add_string (b, "error", e->error != NULL ? e->error->message : NULL);
      break;
    case PORTSIDE_EVENT_TLS_MESSAGE:
      add_string (b, "direction", direction (e->flag));
      add_string (b, "content_type", e->value);
      add_string (b, "name", e->name);
      add_int (b, "length", e->length);
      break;
    case PORTSIDE_EVENT_TLS_RECORD:
      add_string (b, "direction", direction (e->flag));
      add_int (b, "length", e->length);
      add_data (b, e->data, e->length);
      break;
    case PORTSIDE_EVENT_TLS_DONE:
      add_tls (b, e->tls);
      break;
    case PORTSIDE_EVENT_REQUEST:
      add_int (b, "length", e->length);
      add_data (b, e->data, e->length);
      add_strv (b, "warnings", e->warnings);
      break;
    case PORTSIDE_EVENT_VIOLATION:
      add_violation (b, e->violation);
      break;
    case PORTSIDE_EVENT_WARNING:
      add_string (b, "message", e->value);
      break;
    case PORTSIDE_EVENT_DONE:
      add_int (b, "status", e->code);
      add_timings (b, e->timings);
      break;
    case PORTSIDE_EVENT_ERROR:
      add_string (b, "stage", portside_error_stage_name (e->error->code));
      add_string (b, "message", e->error->message);
      break;
    default:
      add_stream_members (b, e);
      break;
    }
}

typedef struct
{
  JsonBuilder   *builder;
  JsonGenerator *generator;
} JsonWriter;

static void
json_writer_free (gpointer data)
{
  JsonWriter *writer = data;

  g_object_unref (writer->builder);
  g_object_unref (writer->generator);
  g_free (writer);
}

/* A builder and a generator per thread, reused: making them anew for each of
 * a million events was most of the cost of --json. */
static JsonWriter *
json_writer_get (void)
{
  static GPrivate key = G_PRIVATE_INIT (json_writer_free);
  JsonWriter *writer = g_private_get (&key);

  if (writer == NULL)
    {
      writer = g_new0 (JsonWriter, 1);
      writer->builder = json_builder_new_immutable ();
      writer->generator = json_generator_new ();
      g_private_set (&key, writer);
    }
  json_builder_reset (writer->builder);
  return writer;
}

char *
portside_event_to_json (const PortsideEvent *event)
{
  JsonWriter *writer = json_writer_get ();
  JsonBuilder *builder = writer->builder;
  g_autoptr(JsonNode) root = NULL;
  char *text;

  json_builder_begin_object (builder);
  add_string (builder, "event", portside_event_kind_name (event->kind));
  add_int (builder, "time_us", event->time_us);
  add_members (builder, event);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (writer->generator, root);
  text = json_generator_to_data (writer->generator, NULL);
  json_generator_set_root (writer->generator, NULL);
  return text;
}
